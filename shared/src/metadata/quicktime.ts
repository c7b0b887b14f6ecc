import { type ByteSource, MetadataError, ascii, utf8, view } from './byte-source';
import { type Box, children, readBoxHeader } from './bmff';
import { type ContainerFacts, type QuickTimeFacts, noFacts } from './facts';

/** Seconds between 1904-01-01 (QuickTime epoch) and 1970-01-01. */
const QT_EPOCH_OFFSET = 2082844800;

function qtTime(seconds: number): string | null {
  if (seconds <= 0) return null;
  const ms = (seconds - QT_EPOCH_OFFSET) * 1000;
  if (ms < Date.UTC(1971, 0, 1) || ms > Date.UTC(2100, 0, 1)) return null; // unset or garbage clocks
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function parseMvhd(b: Uint8Array, qt: QuickTimeFacts, facts: ContainerFacts) {
  const dv = view(b);
  const v1 = b[0] === 1;
  const created = v1 ? dv.getUint32(4) * 2 ** 32 + dv.getUint32(8) : dv.getUint32(4);
  const scale = dv.getUint32(v1 ? 20 : 12);
  const duration = v1 ? dv.getUint32(24) * 2 ** 32 + dv.getUint32(28) : dv.getUint32(16);
  qt.createdUtc = qtTime(created);
  if (scale > 0 && duration !== 0xffffffff) facts.durationSec = duration / scale;
}

/** Track header: width/height are 16.16 fixed point; audio tracks have zero. */
function tkhdSize(b: Uint8Array): [number, number] | null {
  const at = b[0] === 1 ? 88 : 76; // offsets within the payload, version/flags included
  if (b.byteLength < at + 8) return null;
  const dv = view(b);
  const w = Math.round(dv.getUint32(at) / 65536);
  const h = Math.round(dv.getUint32(at + 4) / 65536);
  return w > 0 && h > 0 ? [w, h] : null;
}

/**
 * The track matrix says how players rotate the stored frames (phones store portrait video as landscape plus
 * a 90° matrix). Expressed as the EXIF orientation a photo would carry; mirrored matrices give null.
 */
function tkhdOrientation(b: Uint8Array): number | null {
  const at = b[0] === 1 ? 52 : 40;
  if (b.byteLength < at + 16) return null;
  const dv = view(b);
  const [a, bb, c, d] = [dv.getInt32(at), dv.getInt32(at + 4), dv.getInt32(at + 12), dv.getInt32(at + 16)].map((v) =>
    Math.round(v / 65536),
  );
  if (a === 1 && d === 1 && bb === 0 && c === 0) return 1;
  if (a === 0 && d === 0 && bb === 1 && c === -1) return 6;
  if (a === -1 && d === -1 && bb === 0 && c === 0) return 3;
  if (a === 0 && d === 0 && bb === -1 && c === 1) return 8;
  return null;
}

/** udta ©xyz/©mak/©mod: 16-bit length, 16-bit language, then text. */
function udtaText(b: Uint8Array): string {
  const len = view(b).getUint16(0);
  return utf8(b.subarray(4, 4 + len))
    .replace(/\0+$/, '')
    .trim();
}

/** 3GPP `loci`: language, name\0, role, then longitude, latitude, altitude as signed 16.16 fixed point. */
function lociIso6709(b: Uint8Array): string | null {
  const nameEnd = b.indexOf(0, 6);
  const at = nameEnd < 0 ? -1 : nameEnd + 2;
  if (at < 0 || b.byteLength < at + 12) return null;
  const dv = view(b);
  const [lon, lat, alt] = [dv.getInt32(at) / 65536, dv.getInt32(at + 4) / 65536, dv.getInt32(at + 8) / 65536];
  const sign = (n: number) => (n >= 0 ? `+${n}` : `${n}`);
  return `${sign(lat)}${sign(lon)}${sign(alt)}/`;
}

/** Apple `meta` (keys + ilst): values are `data` boxes (type indicator, locale, value). */
async function parseMeta(src: ByteSource, meta: Box, qt: QuickTimeFacts) {
  // QuickTime's meta is a plain box; MP4's is a full box. Tell them apart by where a child header fits.
  const probe = await src.need(meta.dataStart, Math.min(meta.end, meta.dataStart + 12));
  const start = ascii(probe, 4, 8) === 'hdlr' ? meta.dataStart : meta.dataStart + 4;
  const kids = await children(src, start, meta.end);
  const keysBox = kids.find((b) => b.type === 'keys');
  const ilst = kids.find((b) => b.type === 'ilst');
  if (!keysBox || !ilst) return;
  const kb = await src.need(keysBox.dataStart, keysBox.end);
  const kdv = view(kb);
  const keys: string[] = [];
  let p = 8; // version/flags + entry count
  while (p + 8 <= kb.byteLength) {
    const size = kdv.getUint32(p);
    if (size < 8) break;
    keys.push(ascii(kb, p + 8, p + size));
    p += size;
  }
  for (const item of await children(src, ilst.dataStart, ilst.end)) {
    const ib = await src.need(item.start, item.end);
    const key = keys[view(ib).getUint32(4) - 1];
    if (!key || ib.byteLength < 24 || ascii(ib, 12, 16) !== 'data') continue;
    const value = utf8(ib.subarray(24)).replace(/\0+$/, '').trim();
    if (key === 'com.apple.quicktime.location.ISO6709') qt.iso6709 = value;
    else if (key === 'com.apple.quicktime.creationdate') qt.appleCreationDate = value;
    else if (key === 'com.apple.quicktime.make') qt.make = value;
    else if (key === 'com.apple.quicktime.model') qt.model = value;
  }
}

async function parseMoov(src: ByteSource, moov: Box, facts: ContainerFacts, qt: QuickTimeFacts) {
  for (const box of await children(src, moov.dataStart, moov.end)) {
    if (box.type === 'mvhd') parseMvhd(await src.need(box.dataStart, box.end), qt, facts);
    else if (box.type === 'trak' && facts.width === null) {
      const tkhd = (await children(src, box.dataStart, box.end, 1))[0];
      if (tkhd?.type === 'tkhd') {
        const payload = await src.need(tkhd.dataStart, tkhd.end);
        const size = tkhdSize(payload);
        if (size) {
          [facts.width, facts.height] = size;
          facts.orientation = tkhdOrientation(payload);
        }
      }
    } else if (box.type === 'meta') await parseMeta(src, box, qt);
    else if (box.type === 'udta') {
      for (const u of await children(src, box.dataStart, box.end)) {
        if (u.type === 'meta') await parseMeta(src, u, qt);
        if (u.end - u.dataStart > 4096) continue;
        if (u.type === '\u00a9xyz') qt.iso6709 ??= udtaText(await src.need(u.dataStart, u.end));
        else if (u.type === 'loci') qt.iso6709 ??= lociIso6709(await src.need(u.dataStart, u.end));
        // Android/3GPP 'date': local time with its offset ("2020-11-20T15:04:02+0100"), like Apple's key.
        else if (u.type === 'date')
          qt.appleCreationDate ??= utf8(await src.need(u.dataStart, u.end))
            .replace(/\0+$/, '')
            .trim();
        else if (u.type === '\u00a9mak') qt.make ??= udtaText(await src.need(u.dataStart, u.end));
        else if (u.type === '\u00a9mod') qt.model ??= udtaText(await src.need(u.dataStart, u.end));
      }
    }
  }
}

/**
 * MP4/MOV/3GP: walks the top-level boxes by their headers only (skipping `mdat` without reading it), so a
 * `moov` at the end of a large file costs one extra round trip, then reads the few boxes we need inside it.
 */
export async function parseQuickTime(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const qt: QuickTimeFacts = { createdUtc: null, appleCreationDate: null, iso6709: null, make: null, model: null };
  const limit = src.size ?? Number.MAX_SAFE_INTEGER;
  let pos = 0;
  let moov: Box | null = null;
  for (let guard = 0; guard < 256 && !moov; guard++) {
    const box = await readBoxHeader(src, pos, limit);
    if (!box) break;
    if (box.type === 'moov') moov = box;
    pos = box.end;
  }
  if (!moov) throw new MetadataError('no moov box (truncated or not a movie)');
  await parseMoov(src, moov, facts, qt);
  facts.quicktime = qt;
  return facts;
}
