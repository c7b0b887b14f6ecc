import tzlookup from '@photostructure/tz-lookup';
import type { TimeSource } from '../index/item';
import { type Stamp, parseDateString, parseFileNameTime, parseIptcDate } from './time-parse';
import {
  formatLocal,
  formatUtc,
  isValidZone,
  localToUtc,
  offsetAt,
  parseLocalIso,
  utcToLocal,
  wallMs,
} from './zoned-time';

/** Everything that can say when a photo was taken, as found in the file and given by the provider. */
export interface TimeEvidence {
  exif?: {
    dateTimeOriginal?: string | null;
    offsetTimeOriginal?: string | null;
    subSecTimeOriginal?: string | null;
    createDate?: string | null;
  } | null;
  xmp?: { dateCreated?: string | null; createDate?: string | null; dateTimeOriginal?: string | null } | null;
  /** IPTC-IIM block (DateCreated + TimeCreated), the legacy twin of photoshop:DateCreated. */
  iptc?: Uint8Array | null;
  quicktime?: { appleCreationDate?: string | null; createdUtc?: string | null } | null;
  /** GPS satellite time (UTC): EXIF GPSDateStamp+GPSTimeStamp or XMP exif:GPSDateTime. */
  gpsUtc?: { exif?: string | null; xmp?: string | null } | null;
  /** Local time from another container field (AVI IDIT...), treated like EXIF without offset. */
  containerDateTime?: string | null;
  fileName?: string | null;
  /** ISO string; with Z/offset it is an instant, without it a wall-clock time. */
  providerTakenAt?: string | null;
  /** Epoch ms (file modified/created time): an instant. */
  providerModifiedAt?: number | null;
  gps?: { lat: number; lon: number } | null;
}

export interface CaptureTime {
  takenAtLocal: string | null;
  takenAtUtc: string | null;
  timeZone: string | null;
  timeSource: TimeSource | null;
}

/** A candidate is either a wall-clock time (maybe with its offset) or an instant (UTC known, local unknown). */
type Candidate = { source: TimeSource; stamp: Stamp } | { source: TimeSource; instantMs: number };

/** The IANA zone at a position, from offline boundary data; null when the position is invalid. */
export function zoneAt(lat: number, lon: number): string | null {
  try {
    const zone = tzlookup(lat, lon);
    return zone && isValidZone(zone) ? zone : null;
  } catch {
    return null;
  }
}

function firstStamp(...values: (Stamp | null)[]): Stamp | null {
  return values.find((v) => v !== null) ?? null;
}

/**
 * XMP and IPTC-IIM describe the same "date created"; editors often keep the date in XMP and the time or
 * offset only in IIM. Completes the XMP value from IIM when they agree on the day (reported as 'xmp').
 */
function withIptc(xmp: Stamp | null, iptc: Stamp | null): Stamp | null {
  if (!iptc) return xmp;
  if (!xmp) return iptc;
  const sameDay =
    xmp.local.year === iptc.local.year && xmp.local.month === iptc.local.month && xmp.local.day === iptc.local.day;
  if (!sameDay) return xmp;
  if (!xmp.hasTime && iptc.hasTime) return iptc;
  const sameSecond = wallMs(xmp.local) - xmp.local.millisecond === wallMs(iptc.local);
  if (xmp.offsetMinutes === null && iptc.offsetMinutes !== null && sameSecond)
    return { ...xmp, offsetMinutes: iptc.offsetMinutes };
  return xmp;
}

function candidates(e: TimeEvidence): Candidate[] {
  const out: Candidate[] = [];
  const push = (source: TimeSource, stamp: Stamp | null) => {
    if (stamp) out.push({ source, stamp });
  };
  const exif = e.exif;
  push(
    'exif',
    firstStamp(
      parseDateString(exif?.dateTimeOriginal, exif?.offsetTimeOriginal, exif?.subSecTimeOriginal),
      parseDateString(exif?.createDate),
      parseDateString(e.containerDateTime),
    ),
  );
  const xmp = e.xmp;
  // exif:DateTimeOriginal means the same as the EXIF tag, so it comes first (exiftool agrees); then
  // photoshop:DateCreated (the IPTC Core "Date Created"), then xmp:CreateDate.
  const xmpStamp = firstStamp(
    parseDateString(xmp?.dateTimeOriginal),
    parseDateString(xmp?.dateCreated),
    parseDateString(xmp?.createDate),
  );
  push('xmp', withIptc(xmpStamp, parseIptcDate(e.iptc)));
  const qt = e.quicktime;
  if (qt?.appleCreationDate) push('quicktime', parseDateString(qt.appleCreationDate));
  if (qt?.createdUtc) {
    const ms = Date.parse(qt.createdUtc);
    if (Number.isFinite(ms)) out.push({ source: 'quicktime', instantMs: ms });
  }
  // The GPS fix time is UTC by definition; it comes after the camera's own clock, which is what people set.
  for (const [source, value] of [
    ['exif', e.gpsUtc?.exif],
    ['xmp', e.gpsUtc?.xmp],
  ] as const) {
    const s = parseDateString(value);
    if (s?.hasTime) out.push({ source, instantMs: wallMs(s.local) - (s.offsetMinutes ?? 0) * 60_000 });
  }
  if (e.fileName) push('filename', parseFileNameTime(e.fileName));
  if (e.providerTakenAt) {
    const s = parseDateString(e.providerTakenAt);
    if (s && s.offsetMinutes !== null)
      out.push({ source: 'provider', instantMs: wallMs(s.local) - s.offsetMinutes * 60_000 });
    else push('provider', s);
  }
  if (typeof e.providerModifiedAt === 'number' && Number.isFinite(e.providerModifiedAt)) {
    out.push({ source: 'provider', instantMs: e.providerModifiedAt });
  }
  return out;
}

/**
 * Capture time by precedence: EXIF (DateTimeOriginal + OffsetTimeOriginal + SubSecTimeOriginal, then
 * DateTimeDigitized) → XMP (exif:DateTimeOriginal, photoshop:DateCreated, xmp:CreateDate) → QuickTime (Apple creationdate with its offset, else mvhd which is UTC) → GPS time (UTC) → file name
 * → provider. The zone comes from GPS. Without GPS:
 * - a stated offset gives the UTC instant, but no zone name (an offset is not a zone);
 * - a UTC instant (QuickTime) with no zone gives no local time;
 * - a bare wall-clock time gives no UTC: we do not pretend the camera clock was UTC (exiftool does not either).
 * `inferZoneFromNeighbours` can fill the gaps later from other photos of the same camera.
 */
export function resolveCaptureTime(e: TimeEvidence): CaptureTime {
  const first = candidates(e)[0];
  const zone = e.gps ? zoneAt(e.gps.lat, e.gps.lon) : null;
  if (!first) return { takenAtLocal: null, takenAtUtc: null, timeZone: zone, timeSource: null };
  if ('instantMs' in first) {
    return {
      takenAtLocal: zone ? formatLocal(utcToLocal(first.instantMs, zone)) : null,
      takenAtUtc: formatUtc(first.instantMs),
      timeZone: zone,
      timeSource: first.source,
    };
  }
  const { local, offsetMinutes } = first.stamp;
  let utcMs: number | null = null;
  if (offsetMinutes !== null) utcMs = wallMs(local) - offsetMinutes * 60_000;
  else if (zone) utcMs = localToUtc(local, zone);
  return {
    takenAtLocal: formatLocal(local),
    takenAtUtc: utcMs === null ? null : formatUtc(utcMs),
    timeZone: zone,
    timeSource: first.source,
  };
}

/** What neighbour inference needs of an item. */
export interface ZoneItem {
  takenAtLocal: string | null;
  takenAtUtc: string | null;
  timeZone: string | null;
  make: string | null;
  model: string | null;
}

/** Sort key for a timeline when UTC is unknown: the wall-clock time read as if it were UTC. */
export function approximateMs(item: Pick<ZoneItem, 'takenAtLocal' | 'takenAtUtc'>): number | null {
  if (item.takenAtUtc) return Date.parse(item.takenAtUtc);
  const local = item.takenAtLocal ? parseLocalIso(item.takenAtLocal) : null;
  return local ? wallMs(local) : null;
}

const cameraKey = (i: ZoneItem) => (i.make || i.model ? `${i.make ?? ''}\u0000${i.model ?? ''}` : null);

/**
 * For items whose zone is unknown, takes the zone of the nearest-in-time item of the same camera (make+model)
 * whose zone is known, then completes the missing half: UTC from local, or local from UTC. An item that already
 * has both (it stated an offset) takes the zone only when that zone has the same offset at that instant.
 * Pure: returns new objects; items without a camera are left alone (a phone and a DSLR disagree about zones).
 */
export function inferZoneFromNeighbours<T extends ZoneItem>(items: readonly T[]): T[] {
  const known = new Map<string, { ms: number; zone: string }[]>();
  for (const item of items) {
    const key = cameraKey(item);
    const ms = approximateMs(item);
    if (!key || !item.timeZone || ms === null) continue;
    const list = known.get(key) ?? [];
    list.push({ ms, zone: item.timeZone });
    known.set(key, list);
  }
  for (const list of known.values()) list.sort((a, b) => a.ms - b.ms);
  return items.map((item) => {
    const key = cameraKey(item);
    const ms = approximateMs(item);
    const list = key ? known.get(key) : undefined;
    if (item.timeZone || !list || ms === null) return item;
    const zone = nearest(list, ms);
    if (!zone) return item;
    if (item.takenAtLocal && item.takenAtUtc) {
      const stated = wallMs(parseLocalIso(item.takenAtLocal)!) - Date.parse(item.takenAtUtc);
      return offsetAt(Date.parse(item.takenAtUtc), zone) === stated ? { ...item, timeZone: zone } : item;
    }
    if (item.takenAtLocal) {
      const local = parseLocalIso(item.takenAtLocal);
      return local ? { ...item, timeZone: zone, takenAtUtc: formatUtc(localToUtc(local, zone)) } : item;
    }
    if (item.takenAtUtc) {
      return { ...item, timeZone: zone, takenAtLocal: formatLocal(utcToLocal(Date.parse(item.takenAtUtc), zone)) };
    }
    return item;
  });
}

function nearest(list: { ms: number; zone: string }[], ms: number): string | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ms < ms) lo = mid + 1;
    else hi = mid;
  }
  const after = list[lo];
  const before = list[lo - 1];
  if (!before) return after?.zone ?? null;
  if (!after) return before.zone;
  return ms - before.ms <= after.ms - ms ? before.zone : after.zone;
}
