import { ascii } from './byte-source';

/** Container families we know how to read; decided from magic numbers, never from the file name. */
export type Container =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'heif'
  | 'tiff'
  | 'cr3'
  | 'raf'
  | 'quicktime'
  | 'avi'
  | 'mpegts'
  | 'identified';

export interface Sniffed {
  container: Container;
  mimeType: string;
  mediaType: 'image' | 'video';
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

function sniffFtyp(head: Uint8Array): Sniffed | null {
  const major = ascii(head, 8, 12);
  const size = Math.min(head.byteLength, (head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!);
  const brands = [major];
  for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(head, i, i + 4));
  if (major === 'crx ') return { container: 'cr3', mimeType: 'image/x-canon-cr3', mediaType: 'image' };
  if (major === 'avif' || major === 'avis') return { container: 'heif', mimeType: 'image/avif', mediaType: 'image' };
  if (major === 'heic' || major === 'heix') return { container: 'heif', mimeType: 'image/heic', mediaType: 'image' };
  if (HEIF_BRANDS.has(major)) {
    const mime = brands.includes('avif')
      ? 'image/avif'
      : brands.some((b) => b.startsWith('hei'))
        ? 'image/heic'
        : 'image/heif';
    return { container: 'heif', mimeType: mime, mediaType: 'image' };
  }
  if (AUDIO_BRANDS.has(major)) return null;
  if (major === 'qt  ') return { container: 'quicktime', mimeType: 'video/quicktime', mediaType: 'video' };
  if (major.startsWith('3g2')) return { container: 'quicktime', mimeType: 'video/3gpp2', mediaType: 'video' };
  if (major.startsWith('3gp') || major.startsWith('3ge') || major.startsWith('3gg')) {
    return { container: 'quicktime', mimeType: 'video/3gpp', mediaType: 'video' };
  }
  if (major === 'M4V ' || major === 'M4VH' || major === 'M4VP')
    return { container: 'quicktime', mimeType: 'video/x-m4v', mediaType: 'video' };
  if (brands.some((b) => HEIF_BRANDS.has(b))) return { container: 'heif', mimeType: 'image/heif', mediaType: 'image' };
  return { container: 'quicktime', mimeType: 'video/mp4', mediaType: 'video' };
}

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];

/**
 * Formats we recognise as photos or videos but do not read metadata from (yet): they are listed with their
 * type, and their time falls back to the file name and the provider.
 */
function identifyOnly(b: Uint8Array): Sniffed | null {
  const image = (mimeType: string): Sniffed => ({ container: 'identified', mimeType, mediaType: 'image' });
  const video = (mimeType: string): Sniffed => ({ container: 'identified', mimeType, mediaType: 'video' });
  if (b[0] === 0xff && b[1] === 0x0a) return image('image/jxl'); // JPEG XL codestream
  if (ascii(b, 4, 8) === 'JXL ') return image('image/jxl'); // JPEG XL container
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return video(ascii(b, 0, 64).includes('webm') ? 'video/webm' : 'video/x-matroska');
  }
  if (ASF_GUID.every((v, i) => b[i] === v)) return video('video/x-ms-asf');
  if (ascii(b, 6, 14) === 'HEAPCCDR') return image('image/x-canon-crw');
  if (ascii(b, 0, 4) === '\0MRM') return image('image/x-minolta-mrw');
  if (ascii(b, 0, 4) === 'FOVb') return image('image/x-sigma-x3f');
  return null;
}

/** Identifies the file from its first bytes (at least 12; 16+ for BMFF brands, 200 for MPEG-TS). */
export function sniff(head: Uint8Array): Sniffed | null {
  if (head.byteLength < 12) return null;
  const b = head;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { container: 'jpeg', mimeType: 'image/jpeg', mediaType: 'image' };
  if (b[0] === 0x89 && ascii(b, 1, 4) === 'PNG') return { container: 'png', mimeType: 'image/png', mediaType: 'image' };
  if (ascii(b, 0, 4) === 'GIF8') return { container: 'gif', mimeType: 'image/gif', mediaType: 'image' };
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 12);
    if (form === 'WEBP') return { container: 'webp', mimeType: 'image/webp', mediaType: 'image' };
    if (form === 'AVI ') return { container: 'avi', mimeType: 'video/x-msvideo', mediaType: 'video' };
    return null;
  }
  if (ascii(b, 0, 15) === 'FUJIFILMCCD-RAW')
    return { container: 'raf', mimeType: 'image/x-fujifilm-raf', mediaType: 'image' };
  const tiffMagic = ascii(b, 0, 4);
  if (
    tiffMagic === 'II*\0' ||
    tiffMagic === 'MM\0*' ||
    tiffMagic === 'IIRO' ||
    tiffMagic === 'IIRS' ||
    tiffMagic === 'MMOR' ||
    tiffMagic === 'IIU\0'
  ) {
    // Refined to the RAW flavour (CR2, NEF, DNG...) once IFD0 is parsed; see tiff.ts.
    return { container: 'tiff', mimeType: 'image/tiff', mediaType: 'image' };
  }
  const identified = identifyOnly(b);
  if (identified) return identified;
  const box = ascii(b, 4, 8);
  if (box === 'ftyp') return sniffFtyp(b);
  if (['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(box)) {
    return { container: 'quicktime', mimeType: 'video/quicktime', mediaType: 'video' };
  }
  // MPEG transport stream: sync byte every 188 bytes; M2TS/MTS prefixes each packet with a 4-byte timecode.
  if (b.byteLength >= 200) {
    if (b[0] === 0x47 && b[188] === 0x47) return { container: 'mpegts', mimeType: 'video/mp2t', mediaType: 'video' };
    if (b[4] === 0x47 && b[196] === 0x47) return { container: 'mpegts', mimeType: 'video/mp2t', mediaType: 'video' };
  }
  return null;
}
