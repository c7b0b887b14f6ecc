import type { IndexRecord } from '../index-folder';
import type { ExiftoolRow } from './exiftool';

export const FIELDS = [
  'takenAtLocal',
  'takenAtUtc',
  'gps',
  'alt',
  'make',
  'model',
  'orientation',
  'width',
  'height',
  'durationSec',
] as const;
export type Field = (typeof FIELDS)[number];

export interface FieldCheck {
  path: string;
  field: Field;
  expected: unknown;
  actual: unknown;
  ok: boolean;
}

/** "2016:09:28 18:18:05.813+01:00" → { local: "2016-09-28T18:18:05", offsetMin } (seconds precision). */
export function exifDate(v: unknown): { local: string; offsetMin: number | null } | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}):(\d\d):(\d\d)(?: (\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?)?\s*(Z|[+-]\d\d:\d\d)?/.exec(v.trim());
  if (!m || m[1] === '0000') return null;
  let offsetMin: number | null = null;
  if (m[7] === 'Z') offsetMin = 0;
  else if (m[7])
    offsetMin = (m[7].startsWith('-') ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4, 6)));
  return { local: `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`, offsetMin };
}

const toUtc = (d: { local: string; offsetMin: number | null }) =>
  d.offsetMin === null ? null : new Date(Date.parse(`${d.local}Z`) - d.offsetMin * 60_000).toISOString().slice(0, 19);

const num = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v).trim());

/**
 * The exiftool tags that match our documented precedence. Images: DateTimeOriginal (with OffsetTimeOriginal),
 * else XMP photoshop:DateCreated, else CreateDate. Movies: a DateTimeOriginal or Apple CreationDate that carries
 * an offset (recording start), else QuickTime CreateDate, which is UTC (read with -api QuickTimeUTC, TZ=UTC).
 */
function expectedTimes(row: ExiftoolRow, video: boolean) {
  const original = exifDate(row.DateTimeOriginal);
  const create = exifDate(row.CreateDate);
  const creation = exifDate(row.CreationDate);
  const created = exifDate(row.DateCreated);
  const offsetOriginal = exifDate(`2000:01:01 00:00:00${row.OffsetTimeOriginal ?? ''}`)?.offsetMin ?? null;
  if (video) {
    const stated = [original, creation].find((d) => d && d.offsetMin !== null) ?? null;
    const utc = stated
      ? toUtc(stated)
      : create
        ? toUtc({ local: create.local, offsetMin: create.offsetMin ?? 0 })
        : null;
    return { local: (original ?? creation)?.local ?? null, utc };
  }
  const local = original ?? created ?? create;
  if (!local) return { local: null, utc: null };
  const offsetMin = local.offsetMin ?? (local === original ? offsetOriginal : null);
  return { local: local.local, utc: toUtc({ local: local.local, offsetMin }) };
}

/** Compares one of our records with exiftool's row, field by field, only where exiftool has a value. */
export function compareRecord(ours: IndexRecord, row: ExiftoolRow): FieldCheck[] {
  const checks: FieldCheck[] = [];
  const add = (field: Field, expected: unknown, actual: unknown, ok: boolean) =>
    checks.push({ path: ours.path, field, expected, actual, ok });
  const video = ours.mediaType === 'video';
  const times = expectedTimes(row, video);
  if (times.local) add('takenAtLocal', times.local, ours.takenAtLocal, ours.takenAtLocal?.slice(0, 19) === times.local);
  if (times.utc) {
    const actual = ours.takenAtUtc ? Date.parse(ours.takenAtUtc) : Number.NaN;
    add(
      'takenAtUtc',
      `${times.utc}Z`,
      ours.takenAtUtc,
      Math.abs(actual - Date.parse(`${times.utc}Z`)) <= (video ? 2000 : 1000),
    );
  }
  const lat = num(row.GPSLatitude);
  const lon = num(row.GPSLongitude);
  if (lat !== null && lon !== null) {
    const ok =
      ours.lat !== null && ours.lon !== null && Math.abs(ours.lat - lat) < 1e-5 && Math.abs(ours.lon - lon) < 1e-5;
    add('gps', [lat, lon], [ours.lat, ours.lon], ok);
  }
  const alt = num(row.GPSAltitude);
  if (alt !== null && lat !== null) add('alt', alt, ours.alt, ours.alt !== null && Math.abs(ours.alt - alt) < 0.01);
  const make = text(row.Make);
  if (make) add('make', make, ours.make, ours.make === make);
  const model = text(row.Model);
  if (model) add('model', model, ours.model, ours.model === model);
  const orientation = num(row.Orientation);
  if (orientation !== null) add('orientation', orientation, ours.orientation, ours.orientation === orientation);
  const width = num(row.ImageWidth);
  const height = num(row.ImageHeight);
  if (width) add('width', width, ours.width, ours.width === width);
  if (height) add('height', height, ours.height, ours.height === height);
  const duration = num(row.Duration);
  if (duration !== null && duration > 0) {
    add(
      'durationSec',
      duration,
      ours.durationSec,
      ours.durationSec !== null && Math.abs(ours.durationSec - duration) <= Math.max(0.01, duration * 0.001),
    );
  }
  return checks;
}
