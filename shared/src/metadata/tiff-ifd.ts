import { type ByteSource, MetadataError, view } from './byte-source';

/** One IFD entry with its value bytes (in the file's byte order). */
export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  data: Uint8Array;
}

export interface Ifd {
  entries: IfdEntry[];
  next: number;
}

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
/** Values we never need and that can be large (maker notes, strips, ICC, IPTC, XMP handled separately). */
const SKIP_VALUES = new Set([0x927c, 0x9286, 0x111, 0x117, 0x144, 0x145, 0x8773, 0x83bb, 0xc634]);
const MAX_VALUE = 64 * 1024;

/**
 * Reads the IFD at `offset` of a TIFF structure whose byte 0 is at `base` in the file. Out-of-line values are
 * fetched (cached, so values near the IFD cost nothing extra) except for the big ones in SKIP_VALUES.
 */
export async function readIfd(
  src: ByteSource,
  base: number,
  offset: number,
  le: boolean,
  keepValues = true,
): Promise<Ifd> {
  const countBytes = await src.need(base + offset, base + offset + 2);
  const count = view(countBytes).getUint16(0, le);
  if (count === 0 || count > 1000) throw new MetadataError(`corrupt TIFF: IFD with ${count} entries`);
  const table = await src.need(base + offset + 2, base + offset + 2 + count * 12 + 4);
  const dv = view(table);
  const entries: IfdEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * 12;
    const tag = dv.getUint16(at, le);
    const type = dv.getUint16(at + 2, le);
    const n = dv.getUint32(at + 4, le);
    const size = (TYPE_SIZE[type] ?? 0) * n;
    if (size === 0) continue;
    let data: Uint8Array;
    if (size <= 4) data = table.subarray(at + 8, at + 8 + size);
    else if (!keepValues || SKIP_VALUES.has(tag) || size > MAX_VALUE) data = table.subarray(at + 8, at + 12);
    else {
      const valueOffset = dv.getUint32(at + 8, le);
      const value = await src.get(base + valueOffset, base + valueOffset + size);
      if (value.byteLength < size) continue; // points past the end: drop the tag, keep the rest
      data = value;
    }
    entries.push({ tag, type, count: size <= 4 || data.byteLength === size ? n : 1, data });
  }
  return { entries, next: dv.getUint32(count * 12, le) };
}

export function entryUint(e: IfdEntry | undefined, le: boolean, index = 0): number | null {
  if (!e) return null;
  const dv = view(e.data);
  if (e.type === 3 && e.data.byteLength >= (index + 1) * 2) return dv.getUint16(index * 2, le);
  if ((e.type === 4 || e.type === 13) && e.data.byteLength >= (index + 1) * 4) return dv.getUint32(index * 4, le);
  if (e.type === 1 && e.data.byteLength > index) return e.data[index] as number;
  return null;
}

export const findEntry = (ifd: Ifd | null | undefined, tag: number) => ifd?.entries.find((e) => e.tag === tag);

/**
 * Builds a compact TIFF holding IFD0 (+ pointers to an Exif and a GPS IFD) from entries gathered anywhere in a
 * file: exifr then decodes it without us handing it megabytes of image data in between.
 */
export function buildTiff(le: boolean, ifd0: IfdEntry[], exif: IfdEntry[], gps: IfdEntry[]): Uint8Array {
  const strip = (list: IfdEntry[]) =>
    list.filter(
      (e) => e.tag !== 0x8769 && e.tag !== 0x8825 && e.data.byteLength === e.count * (TYPE_SIZE[e.type] ?? 0),
    );
  const groups = [strip(ifd0), strip(exif), strip(gps)];
  const pointerTags = [groups[1]!.length ? 0x8769 : 0, groups[2]!.length ? 0x8825 : 0].filter(Boolean);
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const valuesSize = (list: IfdEntry[]) =>
    list.reduce((s, e) => s + (e.data.byteLength > 4 ? (e.data.byteLength + 1) & ~1 : 0), 0);
  const sizes = groups.map((g, i) => ifdSize(g.length + (i === 0 ? pointerTags.length : 0)) + valuesSize(g));
  const out = new Uint8Array(8 + sizes.reduce((a, b) => a + b, 0));
  const dv = view(out);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  dv.setUint16(2, 42, le);
  dv.setUint32(4, 8, le);
  const starts = [8, 8 + sizes[0]!, 8 + sizes[0]! + sizes[1]!];
  groups.forEach((group, gi) => {
    const start = starts[gi]!;
    const extra: IfdEntry[] = [];
    if (gi === 0) {
      const ptr = (v: number) => {
        const d = new Uint8Array(4);
        view(d).setUint32(0, v, le);
        return d;
      };
      if (groups[1]!.length) extra.push({ tag: 0x8769, type: 4, count: 1, data: ptr(starts[1]!) });
      if (groups[2]!.length) extra.push({ tag: 0x8825, type: 4, count: 1, data: ptr(starts[2]!) });
    }
    const entries = [...group, ...extra].sort((a, b) => a.tag - b.tag);
    dv.setUint16(start, entries.length, le);
    let valueAt = start + ifdSize(entries.length);
    entries.forEach((e, i) => {
      const at = start + 2 + i * 12;
      dv.setUint16(at, e.tag, le);
      dv.setUint16(at + 2, e.type, le);
      dv.setUint32(at + 4, e.count, le);
      if (e.data.byteLength <= 4) out.set(e.data, at + 8);
      else {
        dv.setUint32(at + 8, valueAt, le);
        out.set(e.data, valueAt);
        valueAt += (e.data.byteLength + 1) & ~1;
      }
    });
    dv.setUint32(start + 2 + entries.length * 12, 0, le);
  });
  return out;
}
