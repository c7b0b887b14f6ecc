import { ascii, ByteSource, view } from './byte-source';
import { parseJpeg } from './jpeg';
import type { RangeReader } from './range-reader';
import { sniff } from './sniff';

const IFD1_JPEG_OFFSET = 0x0201; // JPEGInterchangeFormat
const IFD1_JPEG_LENGTH = 0x0202; // JPEGInterchangeFormatLength
/** Bigger than any camera's 160×120 preview; a larger "thumbnail" is a hostile header, not a preview. */
const MAX_THUMBNAIL_BYTES = 512 * 1024;

/**
 * The JPEG preview a camera embedded in EXIF IFD1 of a JPEG file, or null. It sits inside the Exif APP1
 * segment, which the metadata pass has usually read already, so over a caching reader this costs no
 * extra request. Other containers (HEIF, WebP, RAW) are not searched.
 */
export async function exifThumbnail(reader: RangeReader): Promise<Uint8Array | null> {
  const src = new ByteSource(reader, reader.size, 16 * 1024, 2 * 1024 * 1024);
  try {
    const head = await src.get(0, 32);
    if (sniff(head)?.container !== 'jpeg') return null;
    const facts = await parseJpeg(src);
    return facts.tiff ? thumbnailInTiff(facts.tiff) : null;
  } catch {
    return null; // a broken header costs the preview only
  }
}

/** IFD0 → its next-IFD pointer → IFD1's JPEG offset/length, all inside one TIFF block. */
export function thumbnailInTiff(tiff: Uint8Array): Uint8Array | null {
  if (tiff.byteLength < 8) return null;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const dv = view(tiff);
  const ifdEnd = (offset: number) => offset + 2 + dv.getUint16(offset, le) * 12;
  const ifd0 = dv.getUint32(4, le);
  if (ifd0 + 2 > tiff.byteLength || ifdEnd(ifd0) + 4 > tiff.byteLength) return null;
  const ifd1 = dv.getUint32(ifdEnd(ifd0), le);
  if (ifd1 === 0 || ifd1 + 2 > tiff.byteLength || ifdEnd(ifd1) > tiff.byteLength) return null;
  let offset: number | null = null;
  let length: number | null = null;
  for (let at = ifd1 + 2; at < ifdEnd(ifd1); at += 12) {
    const tag = dv.getUint16(at, le);
    const type = dv.getUint16(at + 2, le);
    const value = type === 3 ? dv.getUint16(at + 8, le) : dv.getUint32(at + 8, le);
    if (tag === IFD1_JPEG_OFFSET) offset = value;
    if (tag === IFD1_JPEG_LENGTH) length = value;
  }
  if (offset === null || !length || length > MAX_THUMBNAIL_BYTES || offset + length > tiff.byteLength) return null;
  const jpeg = tiff.subarray(offset, offset + length);
  // Some writers leave the pointer in place after stripping the preview: only real JPEG bytes count.
  return jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg.slice() : null;
}
