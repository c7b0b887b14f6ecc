import { ByteSource, MetadataError, ascii, utf8, view } from './byte-source';
import { type ContainerFacts, noFacts } from './facts';
import { type Ifd, type IfdEntry, buildTiff, entryUint, findEntry, readIfd } from './tiff-ifd';

const TAG = {
  orientation: 0x112,
  width: 0x100,
  height: 0x101,
  make: 0x10f,
  subIfds: 0x14a,
  xmp: 0x2bc,
  exif: 0x8769,
  gps: 0x8825,
  dng: 0xc612,
};

function rawMime(magic: string, ifd0: Ifd, headBytes: Uint8Array): string {
  if (magic === 'IIRO' || magic === 'IIRS' || magic === 'MMOR') return 'image/x-olympus-orf';
  if (magic === 'IIU\0') return 'image/x-panasonic-rw2';
  if (ascii(headBytes, 8, 10) === 'CR') return 'image/x-canon-cr2';
  if (findEntry(ifd0, TAG.dng)) return 'image/x-adobe-dng';
  const makeEntry = findEntry(ifd0, TAG.make);
  const make = makeEntry ? ascii(makeEntry.data, 0, makeEntry.data.byteLength).toUpperCase() : '';
  if (make.startsWith('NIKON')) return 'image/x-nikon-nef';
  if (make.startsWith('SONY')) return 'image/x-sony-arw';
  if (make.startsWith('PENTAX') || make.startsWith('RICOH IMAGING')) return 'image/x-pentax-pef';
  if (make.startsWith('SAMSUNG')) return 'image/x-samsung-srw';
  return 'image/tiff';
}

/** Panasonic RW2 IFD0 stores the sensor crop instead of ImageWidth; exiftool reports right-left × bottom-top. */
function panasonicSize(ifd0: Ifd, le: boolean): [number, number] | null {
  const v = (tag: number) => entryUint(findEntry(ifd0, tag), le);
  const [top, left, bottom, right] = [v(4), v(5), v(6), v(7)];
  if (top === null || left === null || bottom === null || right === null) return null;
  return right > left && bottom > top ? [right - left, bottom - top] : null;
}

/**
 * TIFF and TIFF-based RAW (CR2, NEF, ARW, DNG, RW2, ORF, PEF): reads IFD0, its SubIFDs, the Exif and GPS IFDs,
 * and repacks the entries into a compact TIFF for exifr. Pixel size follows exiftool: a SubIFD's ImageWidth
 * (the raw image in NEF/DNG/ARW) overrides IFD0's; RW2 uses the sensor crop.
 */
export async function parseTiff(src: ByteSource, base = 0): Promise<ContainerFacts> {
  const facts = noFacts();
  const head = await src.need(base, base + 16);
  const magic = ascii(head, 0, 4);
  const le = magic.startsWith('II');
  const ifd0Offset = view(head).getUint32(4, le);
  const ifd0 = await readIfd(src, base, ifd0Offset, le);
  let size: [number, number] | null = null;
  let mainFound = false;
  // exiftool reports the full-resolution SubIFD (NewSubfileType 0) over IFD0's preview or thumbnail.
  const dims = (ifd: Ifd, sub: boolean) => {
    const w = entryUint(findEntry(ifd, TAG.width), le);
    const h = entryUint(findEntry(ifd, TAG.height), le);
    const main = (entryUint(findEntry(ifd, 0xfe), le) ?? 0) === 0;
    if (!w || !h || mainFound) return;
    if (sub && main) mainFound = true;
    size = [w, h];
  };
  dims(ifd0, false);
  const subEntry = findEntry(ifd0, TAG.subIfds);
  if (subEntry) {
    for (let i = 0; i < Math.min(subEntry.count, 8); i++) {
      const off = entryUint(subEntry, le, i);
      if (!off) continue;
      try {
        dims(await readIfd(src, base, off, le, false), true);
      } catch (e) {
        if (!(e instanceof MetadataError)) throw e; // a broken preview IFD must not hide the rest
      }
    }
  }
  if (magic === 'IIU\0') size = panasonicSize(ifd0, le) ?? size;
  if (size) [facts.width, facts.height] = size;
  const sub = async (tag: number): Promise<IfdEntry[]> => {
    const off = entryUint(findEntry(ifd0, tag), le);
    if (!off) return [];
    try {
      return (await readIfd(src, base, off, le)).entries;
    } catch (e) {
      if (e instanceof MetadataError) return [];
      throw e;
    }
  };
  const exif = await sub(TAG.exif);
  const gps = await sub(TAG.gps);
  const xmp = findEntry(ifd0, TAG.xmp);
  if (xmp && xmp.data.byteLength > 4) facts.xmp = utf8(xmp.data);
  const keep = ifd0.entries.filter((e) => e.tag !== TAG.xmp && e.tag !== TAG.subIfds);
  if (!findEntry(ifd0, TAG.orientation) && ifd0.next) {
    // Some cameras write Orientation only in IFD1 (the thumbnail); exiftool falls back to it.
    const ifd1 = await readIfd(src, base, ifd0.next, le).catch(() => null);
    const orientation = findEntry(ifd1, TAG.orientation);
    if (orientation) keep.push(orientation);
  }
  facts.tiff = buildTiff(le, keep, exif, gps);
  facts.mimeType = rawMime(magic, ifd0, head);
  return facts;
}

/**
 * Re-packs an EXIF block found inside another container (JPEG APP1, HEIC Exif item, PNG eXIf, WebP EXIF):
 * entries with unknown types or offsets past the end are dropped one by one, where exifr would give up on
 * the whole IFD.
 */
export async function normaliseExifBlock(bytes: Uint8Array): Promise<Uint8Array | null> {
  const reader = { size: bytes.byteLength, read: async (s: number, e: number) => bytes.subarray(s, e) };
  try {
    return (await parseTiff(new ByteSource(reader, bytes.byteLength, 0))).tiff;
  } catch (e) {
    if (e instanceof MetadataError || e instanceof RangeError) return null;
    throw e;
  }
}

/** A standalone TIFF block (e.g. CR3 CMT boxes): returns its byte order and first IFD. */
export async function readTiffBlock(src: ByteSource, base: number): Promise<{ le: boolean; ifd: Ifd } | null> {
  const head = await src.need(base, base + 8);
  const magic = ascii(head, 0, 2);
  if (magic !== 'II' && magic !== 'MM') return null;
  const le = magic === 'II';
  return { le, ifd: await readIfd(src, base, view(head).getUint32(4, le), le) };
}
