import { type CompiledFilter, compileFilter, type LoweredItem, lowerItem } from './compile';
import type { FilterableItem } from './match';
import { conjunctsOf, dayEndUtc, dayStartUtc, type Filter } from './schema';

type Keyed = FilterableItem & { key: string };

/** Positions (into the catalog array) of the items holding a value, ascending. */
type Postings = Map<string, number[]>;

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

function add(p: Postings, value: string, pos: number) {
  const list = p.get(value);
  if (list === undefined) p.set(value, [pos]);
  else if (list[list.length - 1] !== pos) list.push(pos);
}

/**
 * An in-memory index over a loaded catalog, so a dynamic collection is answered without testing all 100,000
 * items: every conjunct that an index can serve yields an exact candidate count, the smallest one wins, and
 * only its items are tested with the compiled predicate. Immutable: a changed catalog gets a new index.
 */
export class CatalogIndex<T extends Keyed> {
  private readonly tags: Postings = new Map();
  private readonly labels: Postings = new Map();
  private readonly people: Postings = new Map();
  private readonly makes: Postings = new Map();
  private readonly folders: Postings = new Map();
  private readonly places: Postings = new Map();
  private readonly plain: Postings = new Map();
  /** Positions ordered by capture time, and by latitude (items without GPS left out). */
  private readonly byTime: Int32Array;
  private readonly byLat: Int32Array;
  private readonly lowered: LoweredItem[];

  constructor(readonly items: readonly T[]) {
    const withGps: number[] = [];
    this.lowered = items.map((item, pos) => {
      const low = lowerItem(item);
      for (const t of low.tags) add(this.tags, t, pos);
      for (const l of low.labels) add(this.labels, l, pos);
      for (const p of low.people) add(this.people, p, pos);
      add(this.makes, low.make, pos);
      add(this.folders, `${item.sourceId}\u0000${item.folder}`, pos);
      for (const p of low.place) if (p !== '') add(this.places, p, pos);
      add(this.plain, `media:${item.mediaType}`, pos);
      add(this.plain, `source:${item.sourceId}`, pos);
      add(this.plain, `kind:${item.sourceKind}`, pos);
      add(this.plain, `gps:${item.hasGps === 1}`, pos);
      add(this.plain, `liked:${item.liked}`, pos);
      add(this.plain, `rating:${item.rating}`, pos);
      if (item.lat !== null && item.lon !== null) withGps.push(pos);
      return low;
    });
    this.byTime = Int32Array.from(items.keys()).sort((a, b) => items[a]!.takenAt - items[b]!.takenAt);
    this.byLat = Int32Array.from(withGps).sort((a, b) => items[a]!.lat! - items[b]!.lat!);
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
    const any = (index: string, p: Postings, values: Iterable<string>) => ({ index, positions: union(values, p) });
    switch (f.kind) {
      case 'tags':
        return any('tags', this.tags, f.values.map((v) => v.toLowerCase()));
      case 'labels':
        return any('labels', this.labels, f.values.map((v) => v.toLowerCase()));
      case 'people':
        return any('people', this.people, f.values.map((v) => v.toLowerCase()));
      case 'camera': {
        if (f.make === null) return null;
        const make = f.make.toLowerCase();
        return any('make', this.makes, [...this.makes.keys()].filter((m) => m.startsWith(make)));
      }
      case 'folder': {
        const prefix = f.prefix.replace(/^\/+|\/+$/g, '');
        if (prefix === '' && f.sourceId === null) return null;
        // Folders are few next to items: test each distinct one, then take its items.
        const wanted = [...this.folders.keys()].filter((k) => {
          const [source, folder] = k.split('\u0000') as [string, string];
          return (f.sourceId === null || f.sourceId === source) && (prefix === '' || folder === prefix || folder.startsWith(`${prefix}/`));
        });
        return any('folder', this.folders, wanted);
      }
      case 'place': {
        const needle = f.name.toLowerCase();
        return any('place', this.places, [...this.places.keys()].filter((p) => p.includes(needle)));
      }
      case 'mediaType':
        return any('mediaType', this.plain, [`media:${f.value}`]);
      case 'source':
        return any('sourceId', this.plain, f.sourceIds.map((s) => `source:${s}`));
      case 'provider':
        return any('sourceKind', this.plain, f.kinds.map((k) => `kind:${k}`));
      case 'hasGps':
        return any('hasGps', this.plain, [`gps:${f.value}`]);
      case 'liked':
        return any('liked', this.plain, [`liked:${f.value}`]);
      case 'minRating':
        return any('rating', this.plain, [0, 1, 2, 3, 4, 5].filter((r) => r >= f.value).map((r) => `rating:${r}`));
      case 'date': {
        const from = f.from === null ? Number.NEGATIVE_INFINITY : dayStartUtc(f.from);
        const to = f.to === null ? Number.POSITIVE_INFINITY : dayEndUtc(f.to);
        return { index: 'takenAt', positions: this.slice(this.byTime, (p) => this.items[p]!.takenAt, from, to) };
      }
      case 'near': {
        const dLat = f.radiusKm / KM_PER_DEGREE_LAT;
        return { index: 'lat', positions: this.slice(this.byLat, (p) => this.items[p]!.lat!, f.lat - dLat, f.lat + dLat) };
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

/** Every position listed under any of the values, each once. */
function union(values: Iterable<string>, p: Postings): number[] {
  const lists: number[][] = [];
  for (const v of values) {
    const list = p.get(v);
    if (list !== undefined) lists.push(list);
  }
  if (lists.length === 1) return lists[0]!;
  return [...new Set(lists.flat())];
}
