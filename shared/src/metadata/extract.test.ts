import { describe, expect, it } from 'vitest';
import { extractMetadata } from './extract';
import { corpusFile, memoryReader } from './test-readers';

const MEI = 'metadata-extractor-images';

describe('extractMetadata reads little and in few round trips', { timeout: 120_000 }, () => {
  it('finds a HEIC Exif item stored at the end of the file with one targeted read', { timeout: 60_000 }, async () => {
    const bytes = corpusFile(`${MEI}/heic/exif-at-eof.heic`);
    const reader = memoryReader(bytes);
    const m = await extractMetadata(reader, { name: 'exif-at-eof.heic' });
    expect(m).toMatchObject({
      mimeType: 'image/heic',
      takenAtLocal: '2020-05-04T18:39:11.644',
      make: 'Apple',
      model: 'iPhone 11 Pro',
      width: 3024,
      height: 4032,
    });
    expect(m.takenAtUtc).toBe('2020-05-04T22:39:11.644Z'); // OffsetTimeOriginal -04:00
    expect(reader.reads).toBe(2);
    expect(reader.bytesRead).toBeLessThan(100 * 1024);
    expect(bytes.byteLength).toBeGreaterThan(700 * 1024);
  });

  it('walks to a moov box after the media data by box headers only', async () => {
    const bytes = corpusFile(`${MEI}/mov/with-gps.mov`); // ftyp, wide, mdat (433 KB), moov
    const reader = memoryReader(bytes);
    const m = await extractMetadata(reader, { name: 'with-gps.mov' });
    expect(m).toMatchObject({
      mediaType: 'video',
      mimeType: 'video/quicktime',
      make: 'Apple',
      model: 'iPhone 6',
      width: 568,
      height: 320,
      orientation: 6, // portrait clip: stored landscape, tkhd matrix rotates 90° (exiftool Rotation 90)
      takenAtLocal: '2019-07-24T11:25:40',
      takenAtUtc: '2019-07-24T08:25:40Z',
      timeZone: 'Asia/Jerusalem',
    });
    expect(m.lat).toBeCloseTo(32.0929, 4);
    expect(m.durationSec).toBeCloseTo(4.0017, 3);
    expect(reader.reads).toBe(2);
    expect(reader.bytesRead).toBeLessThan(90 * 1024);
  });

  it('follows JPEG segments past a large APP2 block without reading it (assembled: real JPEG + 3 ICC-sized segments)', async () => {
    const original = corpusFile(`${MEI}/jpg/Apple iPhone 6.jpg`);
    const filler = new Uint8Array(3 * 65_537);
    for (let i = 0; i < 3; i++) filler.set([0xff, 0xe2, 0xff, 0xff], i * 65_537); // APP2, length 65535
    const bytes = new Uint8Array(original.byteLength + filler.byteLength);
    bytes.set(original.subarray(0, 2));
    bytes.set(filler, 2);
    bytes.set(original.subarray(2), 2 + filler.byteLength);
    const [plain, padded] = [memoryReader(original), memoryReader(bytes)];
    const a = await extractMetadata(plain, { name: 'a.jpg' });
    const b = await extractMetadata(padded, { name: 'a.jpg' });
    expect({ ...b, bytes: a.bytes }).toEqual(a);
    expect(a).toMatchObject({ make: 'Apple', model: 'iPhone 6', orientation: 1, width: 3264, height: 2448 });
    expect(padded.reads).toBeLessThanOrEqual(5);
    expect(padded.bytesRead).toBeLessThanOrEqual(64 * 1024 + 4 * 16 * 1024); // head + one 16 KiB read per far segment header
  });

  it('decides the type from the content, not the name', async () => {
    const m = await extractMetadata(memoryReader(corpusFile(`${MEI}/jpg/Apple iPhone 6.jpg`)), { name: 'holiday.mp4' });
    expect(m).toMatchObject({ mediaType: 'image', mimeType: 'image/jpeg', error: null });
  });

  it('reads RAW headers: CR3 boxes, NEF sub-IFDs, RW2 sensor crop, RAF preview', async () => {
    const t = 'exiftool-t-images/images';
    const cases: [string, Record<string, unknown>][] = [
      [
        'CanonRaw.cr3',
        {
          mimeType: 'image/x-canon-cr3',
          model: 'Canon EOS M50',
          width: 6000,
          height: 4000,
          takenAtUtc: '2018-02-21T12:08:56.210Z',
        },
      ],
      ['Nikon.nef', { mimeType: 'image/x-nikon-nef', model: 'NIKON D70', width: 3040, height: 2014 }],
      ['DNG.dng', { mimeType: 'image/x-adobe-dng', width: 3516, height: 2328 }],
      ['Panasonic.rw2', { mimeType: 'image/x-panasonic-rw2', model: 'DMC-LX3', width: 3648, height: 2736 }],
      [
        'FujiFilm.raf',
        { mimeType: 'image/x-fujifilm-raf', model: 'FinePix S5Pro', takenAtLocal: '2007-05-22T13:58:30' },
      ],
      [
        'CanonRaw.cr2',
        { mimeType: 'image/x-canon-cr2', model: 'Canon EOS 350D DIGITAL', takenAtLocal: '2005-08-03T18:59:18' },
      ],
    ];
    for (const [name, expected] of cases) {
      expect(await extractMetadata(memoryReader(corpusFile(`${t}/${name}`)), { name }), name).toMatchObject({
        ...expected,
        error: null,
      });
    }
  });
});
