import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exifThumbnail } from './exif-thumbnail';
import { memoryReader } from './test-readers';

const demo = resolve(import.meta.dirname, '../../../demo/photos/Pictures');
const file = (path: string) => new Uint8Array(readFileSync(resolve(demo, path)));

/** exiftool's ThumbnailImage of the same file: the reference the bytes must equal. */
const exiftoolThumbnail = (path: string) =>
  new Uint8Array(execFileSync('exiftool', ['-b', '-ThumbnailImage', resolve(demo, path)]));

describe('exifThumbnail (EXIF IFD1 preview of a JPEG)', () => {
  it.each(['Cameras/Nikon D5000.jpg', 'Cameras/Canon EOS 7D.jpg', 'Cameras/Sony DSC-HX5V (2).jpg'])(
    '%s: the same bytes exiftool extracts, read from the 64 KiB head only',
    async (path) => {
      const reader = memoryReader(file(path));
      const thumb = await exifThumbnail(reader);
      expect(thumb).not.toBeNull();
      expect(Buffer.from(thumb!).equals(Buffer.from(exiftoolThumbnail(path)))).toBe(true);
      expect(reader.bytesRead).toBeLessThanOrEqual(64 * 1024);
    },
  );

  it('null for a JPEG without a preview, a HEIC and a WebP', async () => {
    for (const path of ['Nature/prairie_falcon.jpg', 'Cameras/IMG_2927.HEIC', 'Travel/denali.webp'])
      expect(await exifThumbnail(memoryReader(file(path)))).toBeNull();
  });

  it('null, not an error, for a truncated file', async () => {
    expect(await exifThumbnail(memoryReader(file('Cameras/Nikon D5000.jpg').slice(0, 300)))).toBeNull();
  });
});
