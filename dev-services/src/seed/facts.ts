import { extractMetadata } from '@hypomos/shared/metadata/extract';
import exifr from 'exifr';
import type { MediaFacts, Thumbnail } from '../contract/media-store';

/**
 * What Graph's photo/image/video facets and Drive's imageMediaMetadata report, read once at seed time
 * with exifr (images) and a small MP4/QuickTime atom walk (videos). The contract servers then answer
 * from these facts as the real services answer from their own indexing.
 */
export async function extractFacts(bytes: Buffer, mimeType: string): Promise<MediaFacts> {
  const facts: MediaFacts = {
    width: null,
    height: null,
    takenAt: null,
    make: null,
    model: null,
    fNumber: null,
    exposureTime: null,
    iso: null,
    focalLength: null,
    orientation: null,
    lat: null,
    lon: null,
    alt: null,
    durationMs: null,
  };
  if (mimeType.startsWith('video/')) return { ...facts, ...videoFacts(bytes) };
  const tags = await exifr
    .parse(bytes, {
      tiff: true,
      exif: true,
      gps: true,
      xmp: false,
      icc: false,
      iptc: false,
      reviveValues: false,
      translateValues: false,
    })
    .catch(() => null);
  const size = mimeType === 'image/jpeg' ? jpegSize(bytes) : null;
  // exifr gives up on some IFD0 layouts (Sony DSC-HX5V: "Invalid TIFF value type") and answers only
  // `{errors}`; the project's own reader copes with them, so it stands in for those files.
  if (tags && Object.keys(tags).every((k) => k === 'errors')) return { ...(await ownReader(bytes, mimeType)), ...size };
  if (!tags) return { ...facts, ...size };
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const taken = str(tags.DateTimeOriginal) ?? str(tags.CreateDate);
  return {
    ...facts,
    width: size?.width ?? num(tags.ExifImageWidth),
    height: size?.height ?? num(tags.ExifImageHeight),
    takenAt: taken ? taken.replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T') : null,
    make: str(tags.Make),
    model: str(tags.Model),
    fNumber: num(tags.FNumber),
    exposureTime: num(tags.ExposureTime),
    iso: num(tags.ISO),
    focalLength: num(tags.FocalLength),
    orientation: num(tags.Orientation),
    lat: num(tags.latitude),
    lon: num(tags.longitude),
    alt: num(tags.GPSAltitude) === null ? null : (tags.GPSAltitudeRef === 1 ? -1 : 1) * (tags.GPSAltitude as number),
  };
}

async function ownReader(bytes: Buffer, mimeType: string): Promise<MediaFacts> {
  const m = await extractMetadata(
    { size: bytes.length, read: async (s, e) => bytes.subarray(s, Math.min(e, bytes.length)) },
    { name: 'seed', mimeType, bytes: bytes.length },
  );
  return {
    width: m.width,
    height: m.height,
    takenAt: m.takenAtLocal,
    make: m.make,
    model: m.model,
    fNumber: m.fNumber,
    exposureTime: m.exposureTime,
    iso: m.iso,
    focalLength: m.focalLength,
    orientation: m.orientation,
    lat: m.lat,
    lon: m.lon,
    alt: m.alt,
    durationMs: m.durationSec === null ? null : Math.round(m.durationSec * 1000),
  };
}

/** Pixel size from the JPEG frame header (SOFn), which EXIF may not carry. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] as number;
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const height = ((bytes[offset + 5] as number) << 8) | (bytes[offset + 6] as number);
      const width = ((bytes[offset + 7] as number) << 8) | (bytes[offset + 8] as number);
      return width && height ? { width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}

/** Duration (mvhd), frame size (first video tkhd) and ISO 6709 location (©xyz) of an MP4/QuickTime file. */
function videoFacts(bytes: Buffer): Partial<MediaFacts> {
  const out: Partial<MediaFacts> = {};
  const walk = (start: number, end: number) => {
    let offset = start;
    while (offset + 8 <= end) {
      let size = bytes.readUInt32BE(offset);
      const type = bytes.toString('latin1', offset + 4, offset + 8);
      if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
      if (size === 0) size = end - offset;
      if (size < 8 || offset + size > end) return;
      if (type === 'moov' || type === 'trak' || type === 'udta') walk(offset + 8, offset + size);
      if (type === 'mvhd') {
        const v1 = bytes[offset + 8] === 1;
        const timescale = bytes.readUInt32BE(offset + (v1 ? 28 : 20));
        const duration = v1 ? Number(bytes.readBigUInt64BE(offset + 32)) : bytes.readUInt32BE(offset + 24);
        if (timescale) out.durationMs = Math.round((duration / timescale) * 1000);
      }
      if (type === 'tkhd' && out.width == null) {
        const width = bytes.readUInt32BE(offset + size - 8) / 65536;
        const height = bytes.readUInt32BE(offset + size - 4) / 65536;
        if (width && height) Object.assign(out, { width: Math.round(width), height: Math.round(height) });
      }
      if (type === '\xa9xyz') {
        const m = /([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(
          bytes.toString('latin1', offset + 12, offset + size),
        );
        if (m) Object.assign(out, { lat: Number(m[1]), lon: Number(m[2]), alt: m[3] ? Number(m[3]) : null });
      }
      offset += size;
    }
  };
  walk(0, bytes.length);
  if (out.lat == null) {
    // Apple writes the location as a `com.apple.quicktime.location.ISO6709` metadata item instead of ©xyz.
    const m = /([+-]\d{1,2}\.\d+)([+-]\d{1,3}\.\d+)([+-]\d+(?:\.\d+)?)?\//.exec(bytes.toString('latin1'));
    if (m) Object.assign(out, { lat: Number(m[1]), lon: Number(m[2]), alt: m[3] ? Number(m[3]) : null });
  }
  return out;
}

/**
 * A real thumbnail without native image libraries: the JPEG preview the camera embedded in EXIF
 * (exifr `thumbnail()`), else the original itself when it is a small JPEG (≤ 400 KB), else none.
 */
export async function makeThumbnail(bytes: Buffer, mimeType: string): Promise<Thumbnail | null> {
  if (!mimeType.startsWith('image/')) return null;
  const embedded = await exifr.thumbnail(bytes).catch(() => undefined);
  const candidate = embedded
    ? Buffer.from(embedded)
    : mimeType === 'image/jpeg' && bytes.length <= 400_000
      ? bytes
      : null;
  const size = candidate ? jpegSize(candidate) : null;
  return candidate && size ? { bytes: candidate, ...size } : null;
}
