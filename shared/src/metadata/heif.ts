import { type ByteSource, MetadataError, ascii, utf8, view } from './byte-source';
import { type Box, children, fullBoxPayload, readBoxHeader, readUint } from './bmff';
import { type ContainerFacts, noFacts } from './facts';

interface ItemInfo {
  type: string;
  contentType: string | null;
}
interface Extent {
  offset: number;
  length: number;
}
interface ItemLocation {
  method: number;
  extents: Extent[];
}

function parseInfe(body: Uint8Array, version: number): [number, ItemInfo] | null {
  if (version < 2) return null;
  const dv = view(body);
  let p = 0;
  const id = version === 2 ? dv.getUint16(p) : dv.getUint32(p);
  p += version === 2 ? 2 : 4;
  p += 2; // protection index
  const type = ascii(body, p, p + 4);
  p += 4;
  const nameEnd = body.indexOf(0, p);
  p = nameEnd < 0 ? body.byteLength : nameEnd + 1;
  let contentType: string | null = null;
  if (type === 'mime') {
    const ctEnd = body.indexOf(0, p);
    contentType = ascii(body, p, ctEnd < 0 ? body.byteLength : ctEnd);
  }
  return [id, { type, contentType }];
}

async function parseIinf(src: ByteSource, box: Box): Promise<Map<number, ItemInfo>> {
  const { version } = await fullBoxPayload(src, box);
  const first = box.dataStart + 4 + (version === 0 ? 2 : 4);
  const items = new Map<number, ItemInfo>();
  for (const infe of await children(src, first, box.end)) {
    if (infe.type !== 'infe') continue;
    const { version: v, body } = await fullBoxPayload(src, infe);
    const parsed = parseInfe(body, v);
    if (parsed) items.set(parsed[0], parsed[1]);
  }
  return items;
}

function parseIloc(body: Uint8Array, version: number): Map<number, ItemLocation> {
  const dv = view(body);
  const offsetSize = (body[0] as number) >> 4;
  const lengthSize = (body[0] as number) & 15;
  const baseOffsetSize = (body[1] as number) >> 4;
  const indexSize = version >= 1 ? (body[1] as number) & 15 : 0;
  let p = 2;
  const count = version < 2 ? dv.getUint16(p) : dv.getUint32(p);
  p += version < 2 ? 2 : 4;
  const out = new Map<number, ItemLocation>();
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? dv.getUint16(p) : dv.getUint32(p);
    p += version < 2 ? 2 : 4;
    let method = 0;
    if (version >= 1) {
      method = dv.getUint16(p) & 15;
      p += 2;
    }
    p += 2; // data reference index
    const base = readUint(dv, p, baseOffsetSize);
    p += baseOffsetSize;
    const extentCount = dv.getUint16(p);
    p += 2;
    const extents: Extent[] = [];
    for (let e = 0; e < extentCount; e++) {
      p += indexSize;
      const offset = readUint(dv, p, offsetSize);
      p += offsetSize;
      const length = readUint(dv, p, lengthSize);
      p += lengthSize;
      extents.push({ offset: base + offset, length });
    }
    out.set(id, { method, extents });
  }
  return out;
}

/** Property boxes in ipco (1-based) and which of them each item uses (ipma). */
async function primarySize(src: ByteSource, iprp: Box, primary: number): Promise<[number, number] | null> {
  const kids = await children(src, iprp.dataStart, iprp.end);
  const ipco = kids.find((b) => b.type === 'ipco');
  const ipma = kids.find((b) => b.type === 'ipma');
  if (!ipco || !ipma) return null;
  const props = await children(src, ipco.dataStart, ipco.end);
  const { version, flags, body } = await fullBoxPayload(src, ipma);
  const dv = view(body);
  let p = 0;
  const count = dv.getUint32(p);
  p += 4;
  for (let i = 0; i < count; i++) {
    const id = version < 1 ? dv.getUint16(p) : dv.getUint32(p);
    p += version < 1 ? 2 : 4;
    const n = body[p] as number;
    p += 1;
    for (let a = 0; a < n; a++) {
      const index = flags & 1 ? dv.getUint16(p) & 0x7fff : (body[p] as number) & 0x7f;
      p += flags & 1 ? 2 : 1;
      const prop = props[index - 1];
      if (id === primary && prop?.type === 'ispe') {
        const ispe = view((await fullBoxPayload(src, prop)).body);
        return [ispe.getUint32(0), ispe.getUint32(4)];
      }
    }
  }
  return null;
}

async function itemBytes(src: ByteSource, loc: ItemLocation, idat: Box | undefined): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const { offset, length } of loc.extents) {
    const base = loc.method === 1 ? (idat?.dataStart ?? Number.NaN) : 0;
    if (loc.method > 1 || Number.isNaN(base)) throw new MetadataError('unsupported HEIF item construction');
    if (length > 4 * 1024 * 1024) throw new MetadataError('HEIF metadata item too large');
    parts.push(await src.need(base + offset, base + offset + length));
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const all = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all;
}

/** The Exif item starts with the offset of the TIFF header; some writers get it wrong, so look near it too. */
function exifItemTiff(data: Uint8Array): Uint8Array | null {
  const stated = data.byteLength >= 4 ? 4 + view(data).getUint32(0) : 0;
  const isTiff = (at: number) => {
    const m = ascii(data, at, at + 4);
    return m === 'II*\0' || m === 'MM\0*';
  };
  if (stated + 8 <= data.byteLength && isTiff(stated)) return data.subarray(stated).slice();
  for (let at = 0; at < Math.min(64, data.byteLength - 8); at++) if (isTiff(at)) return data.subarray(at).slice();
  return null;
}

/** HEIC/HEIF/AVIF: the `meta` box names the primary item (its `ispe` is the pixel size) and the Exif/XMP items. */
export async function parseHeif(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const limit = src.size ?? Number.MAX_SAFE_INTEGER;
  // Stop at `meta` (it follows ftyp): walking on past `mdat` would cost a read for nothing.
  let meta: Box | null = null;
  for (let pos = 0, guard = 0; guard < 64 && !meta; guard++) {
    const box = await readBoxHeader(src, pos, limit);
    if (!box) break;
    if (box.type === 'meta') meta = box;
    pos = box.end;
  }
  if (!meta) throw new MetadataError('HEIF without a meta box');
  const boxes = await children(src, meta.dataStart + 4, meta.end);
  const pitm = boxes.find((b) => b.type === 'pitm');
  const iinf = boxes.find((b) => b.type === 'iinf');
  const iloc = boxes.find((b) => b.type === 'iloc');
  const iprp = boxes.find((b) => b.type === 'iprp');
  const idat = boxes.find((b) => b.type === 'idat');
  if (pitm && iprp) {
    const { version, body } = await fullBoxPayload(src, pitm);
    const primary = version === 0 ? view(body).getUint16(0) : view(body).getUint32(0);
    const size = await primarySize(src, iprp, primary);
    if (size) [facts.width, facts.height] = size;
  }
  if (!iinf || !iloc) return facts;
  try {
    await readMetadataItems(src, iinf, iloc, idat, facts);
  } catch (e) {
    // A broken item table loses the Exif/XMP items, not the pixel size already found.
    if (!(e instanceof MetadataError || e instanceof RangeError) || facts.width === null) throw e;
  }
  return facts;
}

async function readMetadataItems(src: ByteSource, iinf: Box, iloc: Box, idat: Box | undefined, facts: ContainerFacts) {
  const infos = await parseIinf(src, iinf);
  const ilocBox = await fullBoxPayload(src, iloc);
  const locations = parseIloc(ilocBox.body, ilocBox.version);
  for (const [id, info] of infos) {
    const loc = locations.get(id);
    if (!loc) continue;
    if (info.type === 'Exif' && !facts.tiff) {
      const data = await itemBytes(src, loc, idat);
      facts.tiff = exifItemTiff(data);
    } else if (info.type === 'mime' && info.contentType?.includes('rdf+xml') && !facts.xmp) {
      facts.xmp = utf8(await itemBytes(src, loc, idat));
    }
  }
}
