import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteSource } from './byte-source';
import { embeddedJpegs, jpegSize, rawPreview } from './raw-preview';
import { memoryReader } from './test-readers';

const corpora = resolve(import.meta.dirname, '../../../../shared/corpora');
const file = (path: string) => new Uint8Array(readFileSync(resolve(corpora, path)));
/** exiftool's extraction of the same tag: the reference the bytes must equal. */
const exiftool = (tag: string, path: string) =>
  new Uint8Array(execFileSync('exiftool', ['-b', `-${tag}`, resolve(corpora, path)]));

// The RAWs of exiftool's test suite: real file structures whose images were cut to stubs (8×8 JPEGs at most).
describe('rawPreview (the JPEG a camera embeds in a RAW file)', () => {
  it.each([
    [
      'CanonRaw.cr2',
      'PreviewImage (IFD0 JPEG strip) and ThumbnailImage (IFD1)',
      [
        [8680, 26],
        [8620, 28],
      ],
    ],
    [
      'DNG.dng',
      'PreviewImage (SubIFD1) and JpgFromRaw (SubIFD2)',
      [
        [12780, 26],
        [13070, 29],
      ],
    ],
    [
      'Nikon.nef',
      "JpgFromRaw (SubIFD) and PreviewImage (the maker note's PreviewIFD)",
      [
        [1120, 29],
        [5958, 26],
      ],
    ],
  ] as const)('%s: finds where exiftool says %s are', async (name, _what, places) => {
    const path = `exiftool-t-images/images/${name}`;
    const found = await embeddedJpegs(new ByteSource(memoryReader(file(path)), null));
    for (const [offset, length] of places) expect(found).toContainEqual({ offset, length });
  });

  it.each([
    ['Panasonic.rw2', 'JpgFromRaw'],
    ['FujiFilm.raf', 'PreviewImage'],
  ])(
    '%s: the same bytes as exiftool %s (the largest there is when none reaches the wanted edge)',
    async (name, tag) => {
      const path = `exiftool-t-images/images/${name}`;
      const preview = await rawPreview(memoryReader(file(path)), 320);
      expect(preview).not.toBeNull();
      expect(Buffer.from(preview as Uint8Array).equals(Buffer.from(exiftool(tag, path)))).toBe(true);
    },
  );

  it('null where only stub bytes sit at the pointers (no real JPEG), and for a JPEG file', async () => {
    for (const path of [
      'exiftool-t-images/images/CanonRaw.cr2',
      'exiftool-t-images/images/DNG.dng',
      'exiftool-t-images/images/Nikon.nef',
      'exifr-fixtures/canon-dslr.jpg',
    ])
      expect(await rawPreview(memoryReader(file(path)), 320), path).toBeNull();
  });

  it('null, not an error, for a truncated RAW', async () => {
    const rw2 = file('exiftool-t-images/images/Panasonic.rw2');
    for (const cut of [8, 200, 2000, 6000]) expect(await rawPreview(memoryReader(rw2.slice(0, cut)), 320)).toBeNull();
  });

  it('jpegSize reads a baseline frame and refuses a lossless one (how RAW sensor data is stored)', () => {
    const frame = (sof: number) => Uint8Array.from([0xff, 0xd8, 0xff, sof, 0, 11, 8, 0, 16, 0, 32, 1, 1, 0x11, 0]);
    expect(jpegSize(frame(0xc0))).toEqual({ width: 32, height: 16 });
    expect(jpegSize(frame(0xc3))).toBeNull();
  });
});
