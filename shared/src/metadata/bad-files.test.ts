import { describe, expect, it } from 'vitest';
import { extractMetadata } from './extract';
import { corpusFile, memoryReader } from './test-readers';

/** Real files from the corpora, damaged in memory. */
const SAMPLES = [
  'metadata-extractor-images/jpg/Apple iPhone 6.jpg',
  'metadata-extractor-images/heic/IMG_2927.HEIC',
  'metadata-extractor-images/mov/with-gps.mov',
  'metadata-extractor-images/mp4/with-gps.mp4',
  'metadata-extractor-images/webp/HTC Desire.webp',
  'metadata-extractor-images/avi/MVI_4823.AVI',
  'exiftool-t-images/images/CanonRaw.cr3',
  'exiftool-t-images/images/Nikon.nef',
  'exiftool-t-images/images/FujiFilm.raf',
  'immich-test-assets/formats/png/density_plot.png',
];

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const run = (bytes: Uint8Array, name = 'x') => extractMetadata(memoryReader(bytes), { name });

describe('damaged files give an error or a sane result, never a throw or a hang', { timeout: 120_000 }, () => {
  it('rejects an empty file and unknown content with a clear error', async () => {
    expect((await run(new Uint8Array(0), 'empty.jpg')).error).toBe('empty file');
    expect((await run(new TextEncoder().encode('just some text, not a picture at all'), 'notes.jpg')).error).toMatch(
      /not a supported/,
    );
  });

  it('survives truncation at every structural depth', { timeout: 120_000 }, async () => {
    for (const path of SAMPLES) {
      const bytes = corpusFile(path);
      for (const cut of [
        3,
        12,
        16,
        40,
        100,
        300,
        1000,
        4000,
        20_000,
        Math.floor(bytes.byteLength / 2),
        bytes.byteLength - 1,
      ]) {
        const m = await run(bytes.subarray(0, Math.min(cut, bytes.byteLength)), path);
        if (m.error === null) expect(m.mediaType, `${path} cut at ${cut}`).not.toBeNull();
        else expect(m.error, `${path} cut at ${cut}`).toMatch(/\w/);
      }
    }
  });

  it('survives random bit flips in the metadata area', { timeout: 120_000 }, async () => {
    const random = prng(42);
    for (const path of SAMPLES) {
      const original = corpusFile(path);
      for (let variant = 0; variant < 40; variant++) {
        const bytes = original.slice();
        const span = Math.min(bytes.byteLength, 8192);
        for (let f = 0; f < 8; f++) {
          const at = Math.floor(random() * span);
          bytes[at] = (bytes[at] as number) ^ (1 << Math.floor(random() * 8));
        }
        const m = await run(bytes, path);
        expect(m.width === null || (m.width > 0 && Number.isInteger(m.width)), `${path} #${variant}`).toBe(true);
        expect(m.orientation === null || (m.orientation >= 1 && m.orientation <= 8)).toBe(true);
      }
    }
  });

  it('does not believe absurd sizes or offsets', async () => {
    // A real PNG whose IHDR claims 2^31-1 × 2^31-1 pixels.
    const png = corpusFile('immich-test-assets/formats/png/density_plot.png').slice();
    new DataView(png.buffer).setUint32(16, 0x7fffffff);
    new DataView(png.buffer).setUint32(20, 0x7fffffff);
    const m = await run(png, 'huge.png');
    expect(m).toMatchObject({ mimeType: 'image/png', width: null, height: null });

    // An MP4 whose first box claims to be 2^64 bytes long, then a HEIF whose meta points far past the end.
    const mp4 = corpusFile('metadata-extractor-images/mp4/with-gps.mp4').slice();
    mp4.set([0, 0, 0, 1], 24); // mdat size 1 => 64-bit size follows in the header
    mp4.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 32);
    expect((await run(mp4, 'x.mp4')).error).toMatch(/moov|truncated|corrupt/);
  });

  it('stops on segment loops and self-referencing boxes', async () => {
    // JPEG: SOI then APP0 segments of length 2 forever (each points at the next marker, no progress in content).
    const jpeg = new Uint8Array(70_000);
    jpeg.set([0xff, 0xd8]);
    for (let p = 2; p + 4 <= jpeg.byteLength; p += 4) jpeg.set([0xff, 0xe0, 0x00, 0x02], p);
    const j = await run(jpeg, 'loop.jpg');
    expect(j.mediaType).toBe('image');
    // BMFF: a box of size 8 repeated, never reaching moov.
    const boxes = new Uint8Array(64 * 1024);
    boxes.set([0, 0, 0, 16, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0]);
    for (let p = 16; p + 8 <= boxes.byteLength; p += 8) boxes.set([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65], p);
    expect((await run(boxes, 'loop.mp4')).error).toMatch(/moov/);
  });
});
