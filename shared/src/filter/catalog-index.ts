import { type CompiledFilter, cachedLower, compileFilter, type LoweredItem, lowerItem } from './compile';
import type { FilterableItem } from './match';
import { conjunctsOf, dayEndUtc, dayStartUtc, type Filter } from './schema';

type Keyed = FilterableItem & { key: string };

/** Positions (into the catalog array) of the items holding a value, ascending. */
type Postings<K> = Map<K, number[]>;

export interface IndexedEvaluation {
  keys: string[];
  /** The index that picked the candidates (null: every item was tested). */
  index: string | null;
  /** Items tested one by one with the compiled predicate. */
  tested: number;
}

const KM_PER_DEGREE_LAT = 110.5;

/** Binary search over 0..n-1 for the first k where a monotone `holds(k)` is true (n if none). */
function firstWhere(n: number, holds: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Appends while building (positions arrive in order; a value repeated on one item is listed once). */
function add<K>(p: Postings<K>, value: K, pos: number) {
  const list = p.get(value);
  if (list === undefined) p.set(value, [pos]);
  else if (list[list.length - 1] !== pos) list.push(pos);
}

/** Inserts in order, once, after the index was built. */
function insert<K>(p: Postings<K>, value: K, pos: number) {
  const list = p.get(value);
  if (list === undefined) {
    p.set(value, [pos]);
    return;
  }
  const at = firstWhere(list.length, (k) => list[k]! >= pos);
  if (list[at] !== pos) list.splice(at, 0, pos);
}

function remove<K>(p: Postings<K>, value: K, pos: number) {
  const list = p.get(value);
  if (list === undefined) return;
  const at = firstWhere(list.length, (k) => list[k]! >= pos);
  if (list[at] !== pos) return;
  if (list.length === 1) p.delete(value);
  else list.splice(at, 1);
}

/**
 * An in-memory index over a loaded catalog, so a dynamic collection is answered without testing all 100,000
 * items: every conjunct that an index can serve yields an exact candidate count, the smallest one wins, and
 * only its items are tested with the compiled predicate. Edits that keep items in place are followed by
 * `update`; any other change to the catalog needs a new index.
 */
export class CatalogIndex<T extends Keyed> {
  private readonly tags: Postings<string> = new Map();
  private readonly labels: Postings<string> = new Map();
  private readonly people: Postings<string> = new Map();
  private readonly makes: Postings<string> = new Map();
  private readonly places: Postings<string> = new Map();
  /** Source id → folder → positions. */
  private readonly folders = new Map<string, Postings<string>>();
  private readonly mediaTypes: Postings<string> = new Map();
  private readonly sources: Postings<string> = new Map();
  private readonly kinds: Postings<string> = new Map();
  private readonly gps: Postings<boolean> = new Map();
  private readonly liked: Postings<boolean> = new Map();
  private readonly ratings: Postings<number> = new Map();
  /** Positions ordered by capture time, and by latitude (items without GPS left out). */
  private readonly byTime: Int32Array;
  private readonly byLat: Int32Array;
  private readonly lowered: LoweredItem[];
  private current: readonly T[];
  private readonly lower = cachedLower();

  constructor(items: readonly T[]) {
    this.current = items;
    const withGps: number[] = [];
    this.lowered = items.map((item, pos) => {
      const low = lowerItem(item, this.lower);
      for (const [postings, value] of this.entries(item, low)) add(postings, value, pos);
      if (item.lat !== null && item.lon !== null) withGps.push(pos);
      return low;
    });
    this.byTime = sortedBy(Int32Array.from(items.keys()), (p) => items[p]!.takenAt);
    this.byLat = sortedBy(Int32Array.from(withGps), (p) => items[p]!.lat!);
  }

  /** The catalog this index answers for. */
  get items(): readonly T[] {
    return this.current;
  }

  /** Every posting list an item belongs in, with its value there. */
  private *entries(item: T, low: LoweredItem): Generator<[Postings<unknown>, unknown]> {
    for (const t of low.tags) yield [this.tags, t];
    for (const l of low.labels) yield [this.labels, l];
    for (const p of low.people) yield [this.people, p];
    for (const p of new Set(low.place)) if (p !== '') yield [this.places, p];
    yield [this.makes, low.make];
    let folders = this.folders.get(item.sourceId);
    if (folders === undefined) {
      folders = new Map();
      this.folders.set(item.sourceId, folders);
    }
    yield [folders, item.folder];
    yield [this.mediaTypes, item.mediaType];
    yield [this.sources, item.sourceId];
    yield [this.kinds, item.sourceKind];
    yield [this.gps, item.hasGps === 1];
    yield [this.liked, item.liked];
    yield [this.ratings, item.rating];
  }

  /**
   * Follows edits that keep every item in place (tags, likes, labels, people: the catalog array is the same
   * length, in the same order), touching only the changed items' posting lists instead of rebuilding.
   * Returns false, changing nothing, when the edit moved, added or removed items: then build a new index.
   */
  update(next: readonly T[], positions: readonly number[]): boolean {
    const prev = this.current;
    if (next.length !== prev.length) return false;
    for (const pos of positions) {
      const [a, b] = [prev[pos], next[pos]];
      if (!a || !b || a.key !== b.key || a.takenAt !== b.takenAt || a.lat !== b.lat) return false;
    }
    for (const pos of positions) {
      for (const [postings, value] of this.entries(prev[pos]!, this.lowered[pos]!)) remove(postings, value, pos);
      const low = lowerItem(next[pos]!, this.lower);
      for (const [postings, value] of this.entries(next[pos]!, low)) insert(postings, value, pos);
      this.lowered[pos] = low;
    }
    this.current = next;
    return true;
  }

  /** Keys of the items that pass, in catalog order. */
  evaluate(filter: Filter): IndexedEvaluation {
    const test: CompiledFilter = compileFilter(filter);
    let best: { index: string; positions: ArrayLike<number> } | null = null;
    for (const c of conjunctsOf(filter)) {
      const found = this.candidates(c);
      if (found !== null && (best === null || found.positions.length < best.positions.length)) best = found;
      if (best?.positions.length === 0) break;
    }
    const keys: string[] = [];
    if (best === null) {
      this.items.forEach((item, pos) => {
        if (test(item, this.lowered[pos]!)) keys.push(item.key);
      });
      return { keys, index: null, tested: this.items.length };
    }
    const ordered = Int32Array.from(best.positions).sort();
    for (const pos of ordered) {
      const item = this.items[pos]!;
      if (test(item, this.lowered[pos]!)) keys.push(item.key);
    }
    return { keys, index: best.index, tested: ordered.length };
  }

  /** Positions (unsorted, no repeats) holding a superset of one conjunct's matches, or null if no index serves it. */
  private candidates(f: Filter): { index: string; positions: ArrayLike<number> } | null {
    const any = <K>(index: string, p: Postings<K>, values: Iterable<K>) => ({ index, positions: union(values, p) });
    switch (f.kind) {
      case 'tags':
        return any(
          'tags',
          this.tags,
          f.values.map((v) => v.toLowerCase()),
        );
      case 'labels':
        return any(
          'labels',
          this.labels,
          f.values.map((v) => v.toLowerCase()),
        );
      case 'people':
        return any(
          'people',
          this.people,
          f.values.map((v) => v.toLowerCase()),
        );
      case 'camera': {
        if (f.make === null) return null;
        const make = f.make.toLowerCase();
        return any(
          'make',
          this.makes,
          [...this.makes.keys()].filter((m) => m.startsWith(make)),
        );
      }
      case 'folder': {
        const prefix = f.prefix.replace(/^\/+|\/+$/g, '');
        if (prefix === '' && f.sourceId === null) return null;
        // Folders are few next to items: test each distinct one, then take its items.
        const lists: number[][] = [];
        for (const [source, folders] of this.folders) {
          if (f.sourceId !== null && f.sourceId !== source) continue;
          for (const [folder, list] of folders)
            if (prefix === '' || folder === prefix || folder.startsWith(`${prefix}/`)) lists.push(list);
        }
        return { index: 'folder', positions: lists.length === 1 ? lists[0]! : lists.flat() };
      }
      case 'place': {
        const needle = f.name.toLowerCase();
        return any(
          'place',
          this.places,
          [...this.places.keys()].filter((p) => p.includes(needle)),
        );
      }
      case 'mediaType':
        return any('mediaType', this.mediaTypes, [f.value]);
      case 'source':
        return any('sourceId', this.sources, f.sourceIds);
      case 'provider':
        return any('sourceKind', this.kinds, f.kinds);
      case 'hasGps':
        return any('hasGps', this.gps, [f.value]);
      case 'liked':
        return any('liked', this.liked, [f.value]);
      case 'minRating':
        return any(
          'rating',
          this.ratings,
          [...this.ratings.keys()].filter((r) => r >= f.value),
        );
      case 'date': {
        const from = f.from === null ? Number.NEGATIVE_INFINITY : dayStartUtc(f.from);
        const to = f.to === null ? Number.POSITIVE_INFINITY : dayEndUtc(f.to);
        return { index: 'takenAt', positions: this.slice(this.byTime, (p) => this.items[p]!.takenAt, from, to) };
      }
      case 'near': {
        const dLat = f.radiusKm / KM_PER_DEGREE_LAT;
        return {
          index: 'lat',
          positions: this.slice(this.byLat, (p) => this.items[p]!.lat!, f.lat - dLat, f.lat + dLat),
        };
      }
      default:
        return null;
    }
  }

  /** The run of `sorted` whose values lie in [lo, hi]. */
  private slice(sorted: Int32Array, value: (pos: number) => number, lo: number, hi: number): Int32Array {
    const start = firstWhere(sorted.length, (k) => value(sorted[k]!) >= lo);
    const end = firstWhere(sorted.length, (k) => value(sorted[k]!) > hi);
    return sorted.subarray(start, Math.max(start, end));
  }
}

/** Positions ordered by a value; a catalog already in that order (or its reverse, newest first) costs one pass. */
function sortedBy(positions: Int32Array, value: (pos: number) => number): Int32Array {
  let ascending = true;
  let descending = true;
  for (let k = 1; k < positions.length && (ascending || descending); k++) {
    const d = value(positions[k]!) - value(positions[k - 1]!);
    if (d < 0) ascending = false;
    if (d > 0) descending = false;
  }
  if (ascending) return positions;
  if (descending) return positions.reverse();
  return positions.sort((a, b) => value(a) - value(b));
}

/** Every position listed under any of the values, each once. */
function union<K>(values: Iterable<K>, p: Postings<K>): number[] {
  const lists: number[][] = [];
  for (const v of values) {
    const list = p.get(v);
    if (list !== undefined) lists.push(list);
  }
  if (lists.length === 1) return lists[0]!;
  return [...new Set(lists.flat())];
}
