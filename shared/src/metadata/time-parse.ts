import { type LocalTime, parseOffset } from './zoned-time';

/** A parsed timestamp: wall-clock fields plus the offset when the source states one (minutes east). */
export interface Stamp {
  local: LocalTime;
  offsetMinutes: number | null;
  /** False for a bare date (midnight is then a placeholder, not a time). */
  hasTime: boolean;
}

function valid(t: LocalTime): boolean {
  return (
    t.year >= 1800 &&
    t.year <= 2200 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= 31 &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 60
  );
}

function stamp(parts: (string | undefined)[], fraction?: string, offset?: string | null): Stamp | null {
  const [y, mo, d, h = '0', mi = '0', s = '0'] = parts;
  const local: LocalTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Math.min(59, Number(s)),
    millisecond: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (!valid(local)) return null;
  return { local, offsetMinutes: parseOffset(offset), hasTime: parts[3] !== undefined };
}

/**
 * EXIF ("2018:07:25 16:34:23"), XMP/ISO ("2018-07-25T16:34:23.5+02:00") and date-only forms. Zeroed or blank
 * EXIF dates ("0000:00:00 00:00:00", "    :  :  ") give null. `subSec` is EXIF SubSecTime* (digits of a fraction).
 */
export function parseDateString(
  value: string | null | undefined,
  offset?: string | null,
  subSec?: string | null,
): Stamp | null {
  if (!value) return null;
  const m =
    /^\s*(\d{4})[:-](\d\d)[:-](\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?(?:[.,](\d+))?)?\s*(Z|[+-]\d\d:?\d\d)?/.exec(value);
  if (!m) return null;
  const sub = subSec?.trim().match(/^\d+/)?.[0];
  return stamp([m[1], m[2], m[3], m[4], m[5], m[6]], m[7] ?? sub, m[8] ?? offset);
}

/**
 * Capture times that phones and apps write into file names. Each pattern is anchored on separators so that
 * random digit runs (hashes, counters) do not match.
 */
const NAME_PATTERNS: RegExp[] = [
  // IMG_20180725_163423, VID_20180725_163423123, PXL_20210101_123456789, 20180725_163423, IMG-20180725-163423
  /(?:^|[^\d])((?:19|20)\d\d)(\d\d)(\d\d)[_-](\d\d)(\d\d)(\d\d)(\d{0,3})(?!\d)/,
  // Screenshot_2019-01-02-03-04-05, Screenshot_20190102-030405 handled above
  /(?:^|[^\d])((?:19|20)\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)(?!\d)/,
  // WhatsApp Image 2019-01-02 at 03.04.05, Screenshot 2019-01-02 at 03.04.05, Dropbox 2019-01-02 03.04.05
  /(?:^|[^\d])((?:19|20)\d\d)-(\d\d)-(\d\d)(?: at |[ _])(\d{1,2})[.:-](\d\d)[.:-](\d\d)(?!\d)/,
  // PXL_20210101_123456789.MP / signal-2019-01-02-030405
  /(?:^|[^\d])((?:19|20)\d\d)-(\d\d)-(\d\d)-(\d\d)(\d\d)(\d\d)(?!\d)/,
];

export function parseFileNameTime(name: string): Stamp | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  for (const re of NAME_PATTERNS) {
    const m = re.exec(base);
    if (!m) continue;
    const found = stamp([m[1], m[2], m[3], m[4], m[5], m[6]], m[7] || undefined, null);
    if (found) return found;
  }
  return null;
}

/** IPTC-IIM DateCreated (2:55, "YYYYMMDD") and TimeCreated (2:60, "HHMMSS±HHMM"). */
export function parseIptcDate(iptc: Uint8Array | null | undefined): Stamp | null {
  if (!iptc) return null;
  const values = new Map<number, string>();
  for (let p = 0; p + 5 <= iptc.byteLength; ) {
    if (iptc[p] !== 0x1c) break;
    const record = iptc[p + 1] as number;
    const dataset = iptc[p + 2] as number;
    const length = ((iptc[p + 3] as number) << 8) | (iptc[p + 4] as number);
    if (length & 0x8000) break; // extended length: not used by date fields
    if (record === 2 && (dataset === 55 || dataset === 60))
      values.set(dataset, String.fromCharCode(...iptc.subarray(p + 5, p + 5 + length)));
    p += 5 + length;
  }
  const date = /^(\d{4})(\d\d)(\d\d)$/.exec(values.get(55)?.trim() ?? '');
  if (!date) return null;
  const time = /^(\d\d):?(\d\d):?(\d\d)([+-]\d\d:?\d\d)?/.exec(values.get(60)?.trim() ?? '');
  if (!time) return stamp([date[1], date[2], date[3]]);
  return stamp([date[1], date[2], date[3], time[1], time[2], time[3]], undefined, time[4] ?? null);
}

/** ISO 6709 "+37.7858-122.4064+012.345/" → [lat, lon, alt]. */
export function parseIso6709(s: string | null | undefined): [number, number, number | null] | null {
  if (!s) return null;
  const m = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(s.trim());
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return [lat, lon, m[3] ? Number(m[3]) : null];
}
