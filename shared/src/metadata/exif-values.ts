import exifr from 'exifr';

/** The EXIF/TIFF values the index uses, still raw ("YYYY:MM:DD HH:MM:SS" dates, numbers). */
export interface ExifValues {
  make: string | null;
  model: string | null;
  lens: string | null;
  orientation: number | null;
  dateTimeOriginal: string | null;
  createDate: string | null;
  offsetTimeOriginal: string | null;
  offsetTime: string | null;
  subSecTimeOriginal: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  /** GPSDateStamp + GPSTimeStamp: the satellite clock, in UTC (ISO with Z). */
  gpsUtc: string | null;
  fNumber: number | null;
  exposureTime: number | null;
  iso: number | null;
  focalLength: number | null;
  /** IFD0 ImageWidth/Height (TIFF/RAW main image or thumbnail), used by tiff.ts. */
  ifd0Width: number | null;
  ifd0Height: number | null;
}

// Dates stay raw strings (reviveValues: false) because exifr would otherwise read them in the machine's zone.
const OPTIONS: Parameters<typeof exifr.parse>[1] & { silentErrors: boolean; chunked: boolean } = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: false,
  interop: false,
  xmp: false,
  iptc: false,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  translateKeys: true,
  translateValues: false,
  reviveValues: false,
  mergeOutput: false,
  sanitize: true,
  silentErrors: true,
  chunked: false,
};

type Block = Record<string, unknown>;
const str = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  // Some cameras declare a longer count than the string: exiftool stops at the first NUL, so do we.
  const s = (v.split('\0')[0] ?? '').trim();
  return s === '' ? null : s;
};
const num = (v: unknown): number | null => {
  const n = Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>)[0] : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** Degrees from [d, m, s] rationals (already divided by exifr) and an N/S/E/W reference. */
function coordinate(value: unknown, ref: unknown, negative: string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value * (ref === negative ? -1 : 1) : null;
  if (!Array.isArray(value) || value.length === 0) return null;
  const [d = 0, m = 0, s = 0] = value.map(Number);
  const deg = d + m / 60 + s / 3600;
  if (!Number.isFinite(deg)) return null;
  return typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -deg : deg;
}

function gpsValues(gps: Block | undefined): Pick<ExifValues, 'lat' | 'lon' | 'alt'> {
  if (!gps) return { lat: null, lon: null, alt: null };
  const lat = coordinate(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const lon = coordinate(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  const altRaw = num(gps.GPSAltitude);
  const ref = num(gps.GPSAltitudeRef);
  const alt = altRaw === null ? null : ref === 1 ? -altRaw : altRaw;
  // 0/0 is how many cameras write "no fix"; exiftool reports it, but so do we only when it is in range.
  const valid = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return { lat: valid ? lat : null, lon: valid ? lon : null, alt: valid ? alt : null };
}

function gpsUtc(gps: Block | undefined): string | null {
  const date = typeof gps?.GPSDateStamp === 'string' ? /^(\d{4}):(\d\d):(\d\d)/.exec(gps.GPSDateStamp) : null;
  const time = gps?.GPSTimeStamp;
  const hms = Array.isArray(time) || ArrayBuffer.isView(time) ? Array.from(time as ArrayLike<number>) : null;
  if (!date || !hms || hms.length < 3 || !hms.every((n) => Number.isFinite(n))) return null;
  const [h = 0, m = 0, s = 0] = hms;
  if (h >= 24 || m >= 60 || s >= 61) return null;
  const ms = Date.UTC(
    Number(date[1]),
    Number(date[2]) - 1,
    Number(date[3]),
    h,
    m,
    Math.floor(s),
    Math.round((s % 1) * 1000),
  );
  return Number.isFinite(ms) && Number(date[1]) >= 1980 ? new Date(ms).toISOString() : null;
}

export async function readExif(tiff: Uint8Array): Promise<ExifValues | null> {
  let out: Record<string, Block> | undefined;
  try {
    out = await exifr.parse(tiff, OPTIONS);
  } catch {
    return null;
  }
  if (!out) return null;
  const ifd0 = out.ifd0 ?? {};
  const exif = out.exif ?? {};
  const lensModel = str(exif.LensModel);
  return {
    make: str(ifd0.Make),
    model: str(ifd0.Model),
    lens: lensModel,
    orientation: num(ifd0.Orientation),
    dateTimeOriginal: str(exif.DateTimeOriginal),
    createDate: str(exif.CreateDate),
    offsetTimeOriginal: str(exif.OffsetTimeOriginal),
    offsetTime: str(exif.OffsetTime),
    subSecTimeOriginal:
      str(exif.SubSecTimeOriginal) ??
      (typeof exif.SubSecTimeOriginal === 'number' ? String(exif.SubSecTimeOriginal) : null),
    ...gpsValues(out.gps),
    gpsUtc: gpsUtc(out.gps),
    fNumber: num(exif.FNumber),
    exposureTime: num(exif.ExposureTime),
    iso: num(exif.ISO),
    focalLength: num(exif.FocalLength),
    ifd0Width: num(ifd0.ImageWidth),
    ifd0Height: num(ifd0.ImageHeight),
  };
}
