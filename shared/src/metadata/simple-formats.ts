import { type ByteSource, MetadataError, ascii, utf8, view } from './byte-source';
import { type ContainerFacts, noFacts } from './facts';

const stripExifPrefix = (b: Uint8Array) => (ascii(b, 0, 6) === 'Exif\0\0' ? b.subarray(6) : b);

/** PNG: IHDR is always first; eXIf and the XMP iTXt chunk usually precede the image data. */
export async function parsePng(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const ihdr = await src.need(8, 33);
  if (ascii(ihdr, 4, 8) !== 'IHDR') throw new MetadataError('corrupt PNG: IHDR missing');
  facts.width = view(ihdr).getUint32(8);
  facts.height = view(ihdr).getUint32(12);
  let pos = 33;
  let pastImage = false;
  for (let guard = 0; guard < 4096; guard++) {
    // Past the image data, walk on only through bytes already read: an eXIf after IDAT is rare, and chasing it
    // through a big image would cost one round trip per IDAT chunk.
    const h = pastImage ? src.peek(pos, pos + 8) : await src.get(pos, pos + 8);
    if (!h || h.byteLength < 8) break;
    const length = view(h).getUint32(0);
    const type = ascii(h, 4, 8);
    if (type === 'IEND') break;
    if (type === 'IDAT') pastImage = true;
    if (pastImage && !src.peek(pos, pos + 12 + length)) break;
    if (length <= 4 * 1024 * 1024 && type === 'eXIf')
      facts.tiff = stripExifPrefix(await src.need(pos + 8, pos + 8 + length)).slice();
    if (length <= 4 * 1024 * 1024 && type === 'iTXt') {
      const data = await src.need(pos + 8, pos + 8 + length);
      if (ascii(data, 0, 18) === 'XML:com.adobe.xmp\0' && data[18] === 0) {
        // keyword, compression flag+method, language tag\0, translated keyword\0, text
        let p = 20;
        for (let nul = 0; nul < 2 && p < data.byteLength; p++) if (data[p] === 0) nul++;
        facts.xmp = utf8(data.subarray(p));
      }
    }
    pos += 12 + length;
  }
  return facts;
}

export async function parseGif(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const h = await src.need(0, 10);
  facts.width = view(h).getUint16(6, true);
  facts.height = view(h).getUint16(8, true);
  return facts;
}

function webpFrameSize(type: string, d: Uint8Array): [number, number] | null {
  const dv = view(d);
  if (type === 'VP8X' && d.byteLength >= 10) {
    return [1 + (dv.getUint32(4, true) & 0xffffff), 1 + (dv.getUint32(6, true) >>> 8)];
  }
  if (type === 'VP8 ' && d.byteLength >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
    return [dv.getUint16(6, true) & 0x3fff, dv.getUint16(8, true) & 0x3fff];
  }
  if (type === 'VP8L' && d.byteLength >= 5 && d[0] === 0x2f) {
    const bits = dv.getUint32(1, true);
    return [1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff)];
  }
  return null;
}

/** WebP: the first chunk gives the size; EXIF/XMP chunks come after the image data, found by chunk headers. */
export async function parseWebp(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const riffEnd = Math.min(src.size ?? Number.MAX_SAFE_INTEGER, 8 + view(await src.need(0, 12)).getUint32(4, true));
  let pos = 12;
  let extended = false;
  for (let guard = 0; guard < 256 && pos + 8 <= riffEnd; guard++) {
    const h = await src.get(pos, pos + 8);
    if (h.byteLength < 8) break;
    const type = ascii(h, 0, 4);
    const length = view(h).getUint32(4, true);
    if (pos === 12) {
      const size = webpFrameSize(type, await src.need(pos + 8, pos + 8 + Math.min(length, 16)));
      if (size) [facts.width, facts.height] = size;
      extended = type === 'VP8X';
      if (!extended) break;
    } else if (length <= 4 * 1024 * 1024 && type === 'EXIF') {
      facts.tiff = stripExifPrefix(await src.need(pos + 8, pos + 8 + length)).slice();
    } else if (length <= 4 * 1024 * 1024 && type === 'XMP ') {
      facts.xmp = utf8(await src.need(pos + 8, pos + 8 + length));
    }
    pos += 8 + length + (length & 1);
  }
  return facts;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** AVI IDIT: "SAT MAR 10 15:04:43 2003" (ctime style), sometimes already "2003:03:10 15:04:43". */
function parseIdit(s: string): string | null {
  const t = s.replace(/\0/g, '').trim();
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d\d:\d\d:\d\d)\s+(\d{4})/.exec(t.toUpperCase());
  if (m) {
    const month = MONTHS.indexOf(m[1]!) + 1;
    if (month > 0) return `${m[4]}:${String(month).padStart(2, '0')}:${m[2]!.padStart(2, '0')} ${m[3]}`;
  }
  return /^\d{4}[:-]\d\d[:-]\d\d/.test(t) ? t : null;
}

/** AVI: the header list (`hdrl`) holds the frame size, the video stream's rate/length and often IDIT. */
export async function parseAvi(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const h = await src.need(12, 24);
  if (ascii(h, 0, 4) !== 'LIST' || ascii(h, 8, 12) !== 'hdrl') throw new MetadataError('corrupt AVI: no header list');
  const end = Math.min(24 + view(h).getUint32(4, true) - 4, 24 + 1024 * 1024);
  const hdrl = await src.need(24, end);
  const dv = view(hdrl);
  let usPerFrame = 0;
  let totalFrames = 0;
  const walk = (from: number, to: number, depth: number) => {
    let p = from;
    while (p + 8 <= to && depth < 4) {
      const id = ascii(hdrl, p, p + 4);
      const len = dv.getUint32(p + 4, true);
      const body = p + 8;
      if (id === 'LIST') walk(body + 4, Math.min(to, body + len), depth + 1);
      else if (id === 'avih' && len >= 40) {
        usPerFrame = dv.getUint32(body, true);
        totalFrames = dv.getUint32(body + 16, true);
        facts.width = dv.getUint32(body + 32, true);
        facts.height = dv.getUint32(body + 36, true);
      } else if (id === 'strh' && len >= 36 && ascii(hdrl, body, body + 4) === 'vids' && facts.durationSec === null) {
        const scale = dv.getUint32(body + 20, true);
        const rate = dv.getUint32(body + 24, true);
        const length = dv.getUint32(body + 32, true);
        if (scale > 0 && rate > 0) facts.durationSec = (length * scale) / rate;
      } else if (id === 'IDIT') facts.containerDateTime ??= parseIdit(ascii(hdrl, body, body + len));
      p = body + len + (len & 1);
    }
  };
  walk(0, hdrl.byteLength, 0);
  if (facts.durationSec === null && usPerFrame > 0) facts.durationSec = (usPerFrame * totalFrames) / 1e6;
  return facts;
}
