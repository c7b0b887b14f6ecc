import { distanceKm } from '../filter/match';
import type { Filter } from '../filter/schema';
import { captureDayKey } from '../index/capture-date';
import type { Place } from '../index/item';

/** What trip and event detection reads of an item. */
export interface PlacedPhoto {
  key: string;
  /** The capture time as the index keeps it: wall clock where taken, read in UTC (index/capture-date.ts). */
  takenAt: number;
  /** True when `takenAt` came from the local clock; false when it is a UTC instant (no zone in the metadata). */
  localClock: boolean;
  lat: number | null;
  lon: number | null;
  place: Place | null;
}

export interface Home {
  lat: number;
  lon: number;
  /** Nights with photos there: how sure the guess is. */
  nights: number;
  /** "Vienna, Austria", from the photos taken there, when they were placed. */
  name: string | null;
}

export interface TripProposal {
  kind: 'trip' | 'event';
  /** Stable across runs for the same days and place, so a dismissal sticks. */
  id: string;
  title: string;
  from: string; // YYYY-MM-DD, local
  to: string;
  photos: number;
  /** A dynamic collection's filter that holds the trip's photos. */
  filter: Filter;
}

export const TRIP_RULES = {
  /** A day counts as away when its photos' median distance from home is beyond this. */
  awayKm: 50,
  minDays: 2,
  minPhotos: 10,
  /** A day without photos inside a trip does not end it. */
  maxGapDays: 1,
  /** An event: this many photos on one day, most within `eventRadiusKm` of their middle. */
  eventMinPhotos: 25,
  eventRadiusKm: 2,
  eventShare: 0.8,
  /** Home is guessed on ~5 km cells, and only from this many nights with photos there. */
  homeCellDeg: 0.05,
  homeMinNights: 3,
};

const DAY_MS = 86_400_000;
const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => distanceKm(a.lat, a.lon, b.lat, b.lon);

const hasGps = (p: PlacedPhoto): p is PlacedPhoto & { lat: number; lon: number } => p.lat !== null && p.lon !== null;

/**
 * The local wall clock of a photo: `takenAt` itself when it is local; a UTC instant shifted by the solar offset
 * of its longitude (±12 h, so a photo east of the date line lands on the next day) when that is all we know.
 */
export function localMs(p: PlacedPhoto): number {
  if (p.localClock || p.lon === null) return p.takenAt;
  return p.takenAt + Math.round(p.lon / 15) * 3_600_000;
}

/** Days as integers (days since 1970 on the local clock): no Date objects in the loops over the library. */
const localDay = (p: PlacedPhoto) => Math.floor(localMs(p) / DAY_MS);
const dayOf = (n: number) => captureDayKey(n * DAY_MS);

function groupBy<K>(photos: readonly PlacedPhoto[], keyOf: (p: PlacedPhoto) => K): Map<K, PlacedPhoto[]> {
  const out = new Map<K, PlacedPhoto[]>();
  for (const p of photos) {
    const k = keyOf(p);
    const list = out.get(k);
    if (list) list.push(p);
    else out.set(k, [p]);
  }
  return out;
}

/**
 * Home is where photos are taken on most nights (18:00–06:00 local; after midnight counts for the evening
 * before): the ~5 km cell with the most distinct nights, then the most photos. Null until `homeMinNights` nights.
 */
export function findHome(photos: readonly PlacedPhoto[], rules = TRIP_RULES): Home | null {
  const cellDeg = rules.homeCellDeg;
  type Cell = { nights: Set<number>; photos: (PlacedPhoto & { lat: number; lon: number })[] };
  const cells = new Map<string, Cell>();
  for (const p of photos) {
    if (!hasGps(p)) continue;
    const key = `${Math.floor(p.lat / cellDeg)}:${Math.floor(p.lon / cellDeg)}`;
    const cell = cells.get(key) ?? { nights: new Set<number>(), photos: [] };
    cells.set(key, cell);
    cell.photos.push(p);
    const local = localMs(p);
    const hour = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 3_600_000);
    if (hour >= 18) cell.nights.add(Math.floor(local / DAY_MS));
    else if (hour < 6) cell.nights.add(Math.floor(local / DAY_MS) - 1);
  }
  let best: Cell | null = null;
  for (const cell of cells.values())
    if (
      !best ||
      cell.nights.size > best.nights.size ||
      (cell.nights.size === best.nights.size && cell.photos.length > best.photos.length)
    )
      best = cell;
  if (!best || best.nights.size < rules.homeMinNights) return null;
  const city = mostCommon(best.photos.map((p) => p.place?.city));
  const country = mostCommon(best.photos.map((p) => p.place?.country));
  return { ...middle(best.photos), nights: best.nights.size, name: [city, country].filter(Boolean).join(', ') || null };
}

/** The coordinate-wise median: robust to a stray photo, and it never averages across the date line badly. */
function middle(points: readonly { lat: number; lon: number }[]): { lat: number; lon: number } {
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  return { lat: med(points.map((p) => p.lat)), lon: med(points.map((p) => p.lon)) };
}

/** The most frequent value, ties to the first seen. */
function mostCommon(values: readonly (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

/** "Abruzzo, Italy", "Italy & France", or null when no photo was placed. */
function placeTitle(photos: readonly PlacedPhoto[]): string | null {
  const countries = [...new Set(photos.map((p) => p.place?.country).filter((c): c is string => !!c))];
  const counts = countries
    .map((c) => [c, photos.filter((p) => p.place?.country === c).length] as const)
    .sort((a, b) => b[1] - a[1]);
  if (counts.length >= 2 && counts[1]![1] >= photos.length * 0.25) return `${counts[0]![0]} & ${counts[1]![0]}`;
  const country = counts[0]?.[0] ?? null;
  const inCountry = photos.filter((p) => p.place?.country === country);
  const area = mostCommon(inCountry.map((p) => p.place?.region)) ?? mostCommon(inCountry.map((p) => p.place?.city));
  return [area, country].filter(Boolean).join(', ') || null;
}

/** "May 2024", "May – Jun 2024", "Dec 2024 – Jan 2025", or "12 May 2024" for one day. */
export function datesTitle(from: string, to: string, locale = 'en-GB'): string {
  const f = Date.parse(`${from}T12:00:00Z`);
  const t = Date.parse(`${to}T12:00:00Z`);
  const fmt = (ms: number, o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }).format(ms);
  if (from === to) return fmt(f, { day: 'numeric', month: 'short', year: 'numeric' });
  if (from.slice(0, 7) === to.slice(0, 7)) return fmt(f, { month: 'short', year: 'numeric' });
  if (from.slice(0, 4) === to.slice(0, 4))
    return `${fmt(f, { month: 'short' })} – ${fmt(t, { month: 'short', year: 'numeric' })}`;
  return `${fmt(f, { month: 'short', year: 'numeric' })} – ${fmt(t, { month: 'short', year: 'numeric' })}`;
}

const idOf = (kind: string, from: string, to: string, at: { lat: number; lon: number } | null) =>
  `${kind}:${from}:${to}${at ? `:${at.lat.toFixed(1)},${at.lon.toFixed(1)}` : ''}`;

/**
 * Trips: runs of days away from home (a day is away when its GPS photos' median distance from home exceeds
 * `awayKm`; days without GPS photos neither start nor break a run, a gap of `maxGapDays` without photos does not
 * end it) spanning at least `minDays` days with at least `minPhotos` photos. Each becomes a dynamic collection's
 * filter: those dates, away from home.
 */
export function findTrips(
  photos: readonly PlacedPhoto[],
  home: { lat: number; lon: number },
  rules = TRIP_RULES,
): TripProposal[] {
  const byDay = groupBy(photos, localDay);
  const awayDays = [...byDay.entries()]
    .filter(([, list]) => {
      const placed = list.filter(hasGps);
      if (placed.length === 0) return false;
      const far = placed.map((p) => km(home, p)).sort((a, b) => a - b);
      return far[Math.floor(far.length / 2)]! > rules.awayKm;
    })
    .map(([d]) => d)
    .sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const d of awayDays) {
    const last = runs.at(-1);
    if (last && d - last.at(-1)! <= rules.maxGapDays + 1) last.push(d);
    else runs.push([d]);
  }
  const out: TripProposal[] = [];
  for (const run of runs) {
    const first = run[0]!;
    const last = run.at(-1)!;
    if (last - first + 1 < rules.minDays) continue;
    const inTrip: PlacedPhoto[] = [];
    for (let d = first; d <= last; d++) inTrip.push(...(byDay.get(d) ?? []));
    // Photos of those days taken at home (the morning you left) are not the trip's.
    const trip = inTrip.filter((p) => !hasGps(p) || km(home, p) > rules.awayKm);
    if (trip.length < rules.minPhotos) continue;
    const from = dayOf(first);
    const to = dayOf(last);
    const where = placeTitle(trip);
    out.push({
      kind: 'trip',
      id: idOf('trip', from, to, null),
      title: `${where ?? 'Trip'} · ${datesTitle(from, to)}`,
      from,
      to,
      photos: trip.length,
      filter: {
        kind: 'all',
        of: [
          { kind: 'date', from, to },
          { kind: 'not', of: { kind: 'near', lat: home.lat, lon: home.lon, radiusKm: rules.awayKm } },
        ],
      },
    });
  }
  return out;
}

/** Events: a day with many photos, most of them within `eventRadiusKm` of their middle, at home or away. */
export function findDayEvents(photos: readonly PlacedPhoto[], rules = TRIP_RULES): TripProposal[] {
  const byDay = groupBy(photos, localDay);
  const out: TripProposal[] = [];
  for (const [d, list] of [...byDay.entries()].sort(([a], [b]) => a - b)) {
    const placed = list.filter(hasGps);
    if (placed.length < rules.eventMinPhotos) continue;
    const day = dayOf(d);
    const at = middle(placed);
    const close = placed.filter((p) => km(at, p) <= rules.eventRadiusKm);
    if (close.length < placed.length * rules.eventShare) continue;
    const where = mostCommon(close.map((p) => p.place?.city)) ?? placeTitle(close);
    out.push({
      kind: 'event',
      id: idOf('event', day, day, at),
      title: `${where ?? 'A day out'} · ${datesTitle(day, day)}`,
      from: day,
      to: day,
      photos: close.length,
      filter: {
        kind: 'all',
        of: [
          { kind: 'date', from: day, to: day },
          { kind: 'near', lat: at.lat, lon: at.lon, radiusKm: rules.eventRadiusKm },
        ],
      },
    });
  }
  return out;
}
