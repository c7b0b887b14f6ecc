import { ByteSource } from './byte-source';
import type { RangeReader } from './range-reader';
import { sniff } from './sniff';

const COMPRESSION = 0x0103;
const STRIP_OFFSETS = 0x0111;
const STRIP_BYTE_COUNTS = 0x0117;
const SUB_IFDS = 0x014a;
const JPEG_OFFSET = 0x0201;
const JPEG_LENGTH = 0x0202;
const EXIF_IFD = 0x8769;
const MAKER_NOTE = 0x927c;
/** Panasonic RW2's JpgFromRaw: the JPEG itself as an UNDEFINED value. */
const RW2_JPG_FROM_RAW = 0x002e;
/** Nikon's maker note (version 2) points to its PreviewIFD here. */
const NIKON_PREVIEW_IFD = 0x0011;
/** Old-style and new-style JPEG compression: how CR2 and DNG mark a JPEG kept in strips. */
const JPEG_COMPRESSIONS = new Set([6, 7]);
const MAX_IFDS = 24;
const MIN_PREVIEW_BYTES = 128;
const MAX_PREVIEW_BYTES = 32 * 1024 * 1024;

interface Candidate {
  offset: number;
  length: number;
}

/**
 * The JPEG preview a camera embedded in a RAW file, for a thumbnail browsers can decode: of the JPEGs a TIFF-based
 * RAW (NEF, CR2, DNG, ARW, PEF, RW2...) points to from IFD0/IFD1, the SubIFDs, RW2's JpgFromRaw and Nikon's
 * PreviewIFD, or a Fujifilm RAF's preview, the smallest whose long edge is at least `minEdge` pixels, else the
 * largest. Only baseline or progressive JPEGs count (the RAW data itself is often a lossless JPEG, which browsers
 * cannot decode). Null for other files and for RAWs without a usable preview.
 */
export async function rawPreview(reader: RangeReader, minEdge: number): Promise<Uint8Array | null> {
  const src = new ByteSource(reader, reader.size, 64 * 1024, 2 * MAX_PREVIEW_BYTES);
  try {
    const found: (Candidate & { edge: number })[] = [];
    for (const c of await embeddedJpegs(src)) {
      if (c.length < MIN_PREVIEW_BYTES || c.length > MAX_PREVIEW_BYTES) continue;
      const size = jpegSize(await src.get(c.offset, c.offset + Math.min(c.length, 64 * 1024)));
      if (size) found.push({ ...c, edge: Math.max(size.width, size.height) });
    }
    found.sort((a, b) => a.edge - b.edge || a.length - b.length);
    const pick = found.find((c) => c.edge >= minEdge) ?? found[found.length - 1];
    if (!pick) return null;
    const bytes = await src.get(pick.offset, pick.offset + pick.length);
    return bytes.byteLength === pick.length ? bytes.slice() : null;
  } catch {
    return null; // a broken header costs the preview only
  }
}

/** Where a RAW file says its embedded JPEGs are (offset and length), without reading them; [] for other files. */
export async function embeddedJpegs(src: ByteSource): Promise<Candidate[]> {
  const head = await src.get(0, 92);
  const container = sniff(head)?.container;
  // Fujifilm RAF: big-endian offset and length of the preview JPEG at bytes 84 and 88 of the header.
  if (container === 'raf' && head.byteLength >= 92)
    return [{ offset: u32(head, 84, false), length: u32(head, 88, false) }];
  if (container !== 'tiff') return [];
  const le = head[0] === 0x49;
  return candidates(src, le, u32(head, 4, le));
}

interface Ifd {
  offset: number;
  /** Where the IFD's offsets count from: the file's TIFF header, or a maker note's own. */
  base: number;
  le: boolean;
  followNext: boolean;
  nikon: boolean;
}

/** Every JPEG the IFD tree points to, without reading any of them. */
async function candidates(src: ByteSource, le: boolean, ifd0: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const queue: Ifd[] = [{ offset: ifd0, base: 0, le, followNext: true, nikon: false }];
  const seen = new Set<number>();
  while (queue.length > 0 && seen.size < MAX_IFDS) {
    const ifd = queue.shift() as Ifd;
    const at = ifd.base + ifd.offset;
    if (ifd.offset === 0 || seen.has(at)) continue;
    seen.add(at);
    const countBytes = await src.get(at, at + 2);
    if (countBytes.byteLength < 2) continue;
    const count = u16(countBytes, 0, ifd.le);
    const table = await src.get(at + 2, at + 2 + count * 12 + 4);
    if (table.byteLength < count * 12) continue;
    const tags = new Map<number, { type: number; count: number; values: () => Promise<number[]>; pointer: number }>();
    for (let i = 0; i < count; i++) {
      const e = i * 12;
      const type = u16(table, e + 2, ifd.le);
      const n = u32(table, e + 4, ifd.le);
      const width = type === 3 ? 2 : type === 4 || type === 13 ? 4 : 0;
      const inline = width * n <= 4;
      const pointer = u32(table, e + 8, ifd.le);
      const values = async () => {
        if (width === 0 || n === 0 || n > 64) return [];
        const bytes = inline
          ? table.subarray(e + 8, e + 12)
          : await src.get(ifd.base + pointer, ifd.base + pointer + width * n);
        return Array.from({ length: Math.min(n, bytes.byteLength / width) }, (_, k) =>
          width === 2 ? u16(bytes, k * 2, ifd.le) : u32(bytes, k * 4, ifd.le),
        );
      };
      tags.set(u16(table, e, ifd.le), { type, count: n, values, pointer });
    }
    const first = async (tag: number) => (await tags.get(tag)?.values())?.[0];
    const jpegAt = await first(JPEG_OFFSET);
    const jpegLength = await first(JPEG_LENGTH);
    if (jpegAt !== undefined && jpegLength) out.push({ offset: ifd.base + jpegAt, length: jpegLength });
    const strips = await tags.get(STRIP_OFFSETS)?.values();
    const stripBytes = await tags.get(STRIP_BYTE_COUNTS)?.values();
    const compression = await first(COMPRESSION);
    if (compression !== undefined && JPEG_COMPRESSIONS.has(compression) && strips?.length === 1 && stripBytes?.[0])
      out.push({ offset: ifd.base + (strips[0] as number), length: stripBytes[0] });
    const rw2 = tags.get(RW2_JPG_FROM_RAW);
    if (rw2 && rw2.type === 7 && rw2.count > 4) out.push({ offset: ifd.base + rw2.pointer, length: rw2.count });
    const child = (offset: number, more: Partial<Ifd> = {}) =>
      queue.push({ offset, base: ifd.base, le: ifd.le, followNext: false, nikon: false, ...more });
    for (const sub of (await tags.get(SUB_IFDS)?.values()) ?? []) child(sub);
    const exif = await first(EXIF_IFD);
    if (exif !== undefined) child(exif);
    if (ifd.nikon) {
      const preview = await first(NIKON_PREVIEW_IFD);
      if (preview !== undefined) child(preview, { nikon: false });
    }
    const note = tags.get(MAKER_NOTE);
    if (note && note.count > 18) {
      // "Nikon\0", version, then a TIFF header of its own: offsets inside count from there.
      const at = ifd.base + note.pointer;
      const noteHead = await src.get(at, at + 18);
      if (String.fromCharCode(...noteHead.subarray(0, 6)) === 'Nikon\0' && noteHead[6] === 2) {
        const noteLe = noteHead[10] === 0x49;
        queue.push({ offset: u32(noteHead, 14, noteLe), base: at + 10, le: noteLe, followNext: false, nikon: true });
      }
    }
    if (ifd.followNext) {
      const next = table.byteLength >= count * 12 + 4 ? u32(table, count * 12, ifd.le) : 0;
      if (next) queue.push({ ...ifd, offset: next });
    }
  }
  return out;
}

/** Width and height of a baseline or progressive JPEG from its first frame header; null for anything else. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.byteLength) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      if (i + 9 > b.byteLength) return null;
      const height = u16(b, i + 5, false);
      const width = u16(b, i + 7, false);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    // Lossless, hierarchical and arithmetic-coded frames: what a RAW's sensor data uses, not a preview.
    if (marker >= 0xc3 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return null;
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      i += 2;
      continue;
    }
    i += 2 + u16(b, i + 2, false);
  }
  return null;
}

const u16 = (b: Uint8Array, at: number, le: boolean) =>
  le ? (b[at] as number) | ((b[at + 1] as number) << 8) : ((b[at] as number) << 8) | (b[at + 1] as number);
const u32 = (b: Uint8Array, at: number, le: boolean) =>
  le
    ? ((b[at] as number) |
        ((b[at + 1] as number) << 8) |
        ((b[at + 2] as number) << 16) |
        ((b[at + 3] as number) << 24)) >>>
      0
    : (((b[at] as number) << 24) |
        ((b[at + 1] as number) << 16) |
        ((b[at + 2] as number) << 8) |
        (b[at + 3] as number)) >>>
      0;
