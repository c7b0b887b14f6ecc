import { type ByteSource, MetadataError, ascii, utf8, view } from './byte-source';
import { type ContainerFacts, noFacts } from './facts';

const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** APP13 "Photoshop 3.0" holds 8BIM resources; 0x0404 is the IPTC-IIM block. */
function iptcFromPhotoshop(b: Uint8Array): Uint8Array | null {
  if (ascii(b, 0, 14) !== 'Photoshop 3.0\0') return null;
  const dv = view(b);
  let p = 14;
  while (p + 12 <= b.byteLength && ascii(b, p, p + 4) === '8BIM') {
    const id = dv.getUint16(p + 4);
    const nameLength = b[p + 6] as number;
    p += 6 + ((nameLength + 2) & ~1);
    if (p + 4 > b.byteLength) break;
    const size = dv.getUint32(p);
    p += 4;
    if (id === 0x0404) return b.subarray(p, Math.min(b.byteLength, p + size)).slice();
    p += (size + 1) & ~1;
  }
  return null;
}

async function resync(src: ByteSource, from: number): Promise<number | null> {
  const window = await src.get(from, from + 4096);
  for (let i = 0; i + 1 < window.byteLength; i++) {
    const m = window[i + 1] as number;
    if (window[i] === 0xff && (isSof(m) || (m >= 0xdb && m <= 0xfe) || m === 0xc4 || m === 0xda)) return from + i;
  }
  return null;
}

/**
 * Walks JPEG segments from SOI to the frame header: keeps the first Exif APP1 and the XMP APP1, and the pixel size
 * from SOFn. Segments we do not need are skipped by their length, so only their headers are read.
 */
export async function parseJpeg(src: ByteSource, offset = 0): Promise<ContainerFacts> {
  const facts = noFacts();
  let pos = offset + 2;
  for (let guard = 0; guard < 1000; guard++) {
    const head = await src.get(pos, pos + 4);
    if (head.byteLength < 4) break;
    if (head[0] !== 0xff) {
      // A wrong segment length: like exiftool, look a little further for the next marker before giving up.
      const next = await resync(src, pos);
      if (next === null) throw new MetadataError(`corrupt JPEG: no marker at byte ${pos}`);
      pos = next;
      continue;
    }
    const marker = head[1] as number;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = view(head).getUint16(2);
    if (length < 2) throw new MetadataError('corrupt JPEG: bad segment length');
    const dataStart = pos + 4;
    const dataEnd = pos + 2 + length;
    if (isSof(marker)) {
      const sof = await src.need(dataStart, dataStart + 5);
      const dv = view(sof);
      facts.height = dv.getUint16(1) || null;
      facts.width = dv.getUint16(3) || null;
      break;
    }
    if (marker === 0xe1) {
      const tag = await src.need(dataStart, Math.min(dataEnd, dataStart + XMP_HEADER.length));
      if (!facts.tiff && ascii(tag, 0, 6) === 'Exif\0\0') {
        facts.tiff = (await src.need(dataStart + 6, dataEnd)).slice();
      } else if (!facts.xmp && ascii(tag, 0, XMP_HEADER.length) === XMP_HEADER) {
        facts.xmp = utf8(await src.need(dataStart + XMP_HEADER.length, dataEnd));
      }
    }
    if (marker === 0xed && !facts.iptc && length < 256 * 1024)
      facts.iptc = iptcFromPhotoshop(await src.need(dataStart, dataEnd));
    pos = dataEnd;
  }
  return facts;
}
