import { conjunctsOf, dayEndUtc, dayStartUtc, type Filter } from './schema';

/** A key range on one Dexie index, described as data so the planner stays pure. */
export type IndexRange =
  | { op: 'between'; lower: number; upper: number }
  | { op: 'anyOf'; values: (string | number)[] }
  | { op: 'anyOfIgnoreCase'; values: string[] }
  | { op: 'startsWith'; value: string }
  | { op: 'startsWithIgnoreCase'; value: string };

export interface IndexCandidate {
  /** A Dexie index name of the `items` table. */
  index: string;
  range: IndexRange;
  /** Lower is better when no counts are known: a guess of how few rows the range returns. */
  priority: number;
  /**
   * True when the range holds exactly the leaf's matches (not a superset), so keys from it need no
   * further check for that leaf.
   */
  exact: boolean;
}

/** `index: null` means no index helps: scan the table and apply `matches` to each row. */
export type QueryPlan =
  | { index: string; range: IndexRange; candidate: number }
  | { index: null; range: null; candidate: null };

const MAX_TIME = 8.64e15;
/** Slightly under the true ~111.2 km, so the band is never too narrow. */
const KM_PER_DEGREE_LAT = 110.5;

/** The index range a single leaf can use, if any. Every range returns a superset of the leaf's matches. */
function leafCandidate(f: Filter): IndexCandidate | null {
  switch (f.kind) {
    case 'tags':
      return { index: 'tags', range: { op: 'anyOfIgnoreCase', values: f.values }, priority: 1, exact: true };
    case 'people':
      return { index: 'people', range: { op: 'anyOfIgnoreCase', values: f.values }, priority: 1, exact: true };
    case 'labels':
      return { index: 'labels', range: { op: 'anyOfIgnoreCase', values: f.values }, priority: 2, exact: true };
    case 'folder': {
      const prefix = f.prefix.replace(/^\/+|\/+$/g, '');
      // startsWith also finds "Photos/2024-old" for "Photos/2024": a superset.
      if (prefix !== '')
        return { index: 'folder', range: { op: 'startsWith', value: prefix }, priority: 2, exact: false };
      return f.sourceId === null
        ? null
        : { index: 'sourceId', range: { op: 'anyOf', values: [f.sourceId] }, priority: 5, exact: true };
    }
    case 'camera':
      return f.make === null
        ? null
        : { index: 'make', range: { op: 'startsWithIgnoreCase', value: f.make }, priority: 3, exact: f.model === null };
    case 'date':
      return {
        index: 'takenAt',
        range: {
          op: 'between',
          lower: f.from === null ? -MAX_TIME : dayStartUtc(f.from),
          upper: f.to === null ? MAX_TIME : dayEndUtc(f.to),
        },
        priority: 4,
        exact: true,
      };
    case 'source':
      return { index: 'sourceId', range: { op: 'anyOf', values: f.sourceIds }, priority: 5, exact: true };
    case 'minRating':
      return f.value > 0
        ? { index: 'rating', range: { op: 'between', lower: f.value, upper: 5 }, priority: 3, exact: true }
        : null;
    case 'mediaType':
      return { index: 'mediaType', range: { op: 'anyOf', values: [f.value] }, priority: 6, exact: true };
    case 'hasGps':
      return { index: 'hasGps', range: { op: 'anyOf', values: [f.value ? 1 : 0] }, priority: 7, exact: true };
    case 'near': {
      // A latitude band as wide as the circle; the distance check then trims it to the circle.
      const dLat = f.radiusKm / KM_PER_DEGREE_LAT;
      return {
        index: 'lat',
        range: { op: 'between', lower: f.lat - dLat, upper: f.lat + dLat },
        priority: 3,
        exact: false,
      };
    }
    case 'provider':
      return { index: 'sourceKind', range: { op: 'anyOf', values: f.kinds }, priority: 6, exact: true };
    default:
      return null;
  }
}

/**
 * Index ranges that could serve the whole filter: one per indexable conjunct.
 * `any` and `not` narrow nothing on their own, so they only ride along as residual checks.
 */
export function indexCandidates(filter: Filter): IndexCandidate[] {
  return conjunctsOf(filter)
    .map(leafCandidate)
    .filter((c): c is IndexCandidate => c !== null);
}

/**
 * Picks the most selective index. `counts[i]`, when given, is how many rows candidate i's range holds
 * (IndexedDB counts ranges cheaply); otherwise the static priority decides. Pure.
 */
export function planQuery(filter: Filter, counts?: readonly number[]): QueryPlan {
  const candidates = indexCandidates(filter);
  let best: number | null = null;
  const scoreOf = (i: number) => counts?.[i] ?? candidates[i]!.priority;
  for (let i = 0; i < candidates.length; i++) if (best === null || scoreOf(i) < scoreOf(best)) best = i;
  if (best === null) return { index: null, range: null, candidate: null };
  return { index: candidates[best]!.index, range: candidates[best]!.range, candidate: best };
}

type Indexed = Record<string, unknown>;

/** Whether a row falls in an index range, as IndexedDB would decide it. Used to check plans in tests. */
export function inRange(row: Indexed, index: string, range: IndexRange): boolean {
  const raw = row[index];
  const keys = Array.isArray(raw) ? raw : [raw];
  return keys.some((k) => {
    if (typeof k !== 'string' && typeof k !== 'number') return false; // null/boolean are not IndexedDB keys
    switch (range.op) {
      case 'between':
        return typeof k === 'number' && k >= range.lower && k <= range.upper;
      case 'anyOf':
        return range.values.includes(k);
      case 'anyOfIgnoreCase':
        return typeof k === 'string' && range.values.some((v) => v.toLowerCase() === k.toLowerCase());
      case 'startsWith':
        return typeof k === 'string' && k.startsWith(range.value);
      case 'startsWithIgnoreCase':
        return typeof k === 'string' && k.toLowerCase().startsWith(range.value.toLowerCase());
      default:
        return false;
    }
  });
}
