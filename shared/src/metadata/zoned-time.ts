/**
 * Wall-clock ("local") times as plain fields, and their conversion to UTC in an IANA zone through Intl,
 * which carries the browser's/Node's tz database (no extra data shipped).
 */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 without offset; milliseconds only when non-zero. */
export function formatLocal(t: LocalTime): string {
  const base = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
  return t.millisecond ? `${base}.${pad(t.millisecond, 3)}` : base;
}

/** ISO 8601 in UTC with Z; milliseconds only when non-zero. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** The wall-clock fields as if they were UTC; the base for offset arithmetic. */
export const wallMs = (t: LocalTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);

export function localFromMs(ms: number): LocalTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

export function parseLocalIso(s: string): LocalTime | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return null;
  return {
    year: +m[1]!,
    month: +m[2]!,
    day: +m[3]!,
    hour: +m[4]!,
    minute: +m[5]!,
    second: +m[6]!,
    millisecond: m[7] ? +m[7].padEnd(3, '0') : 0,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (east positive). */
export function offsetAt(ms: number, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const asUtc = Date.UTC(
    year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const whole = Math.floor(ms / 1000) * 1000;
  return asUtc - whole;
}

/** The wall-clock time in `zone` at instant `ms`. */
export const utcToLocal = (ms: number, zone: string): LocalTime => localFromMs(ms + offsetAt(ms, zone));

/**
 * The instant a wall-clock time denotes in `zone`. Ambiguous times (clocks set back) take the earlier instant;
 * times that do not exist (clocks set forward) are read with the offset before the change, i.e. moved forward
 * by the gap, which is what a camera whose clock was not yet adjusted meant. Same rule as Temporal's "compatible".
 */
export function localToUtc(t: LocalTime, zone: string): number {
  const wall = wallMs(t);
  const day = 86_400_000;
  const before = offsetAt(wall - day, zone);
  const after = offsetAt(wall + day, zone);
  const candidates = [wall - before, wall - after].filter((u) => offsetAt(u, zone) === wall - u);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** "+02:00" style offset (minutes east) for display and parsing helpers. */
export function parseOffset(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = s.trim();
  if (t === 'Z') return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}
