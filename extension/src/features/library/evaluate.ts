import { matches } from '@hypomos/shared/filter/match';
import { type IndexCandidate, type IndexRange, indexCandidates, planQuery } from '@hypomos/shared/filter/plan';
import { conjunctsOf, type Filter } from '@hypomos/shared/filter/schema';
import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { LibraryStore } from './library-store';

type ItemCollection = ReturnType<HypomosDb['items']['toCollection']>;

/** Turns the planner's range description into a Dexie query. */
export function rangeQuery(db: HypomosDb, index: string, range: IndexRange): ItemCollection {
  const where = db.items.where(index);
  switch (range.op) {
    case 'between':
      return where.between(range.lower, range.upper, true, true);
    case 'anyOf':
      return where.anyOf(range.values);
    case 'anyOfIgnoreCase':
      return where.anyOfIgnoreCase(range.values);
    case 'startsWith':
      return where.startsWith(range.value);
    case 'startsWithIgnoreCase':
      return where.startsWithIgnoreCase(range.value);
  }
}

export interface Evaluation {
  keys: string[];
  /** The index that narrowed the search first (null: full scan), for the UI and the benchmark. */
  index: string | null;
  /** Rows read and tested one by one (0 when the indexes answered alone). */
  scanned: number;
}

/**
 * How many keys a range is read for before it counts as "large". Counting or listing a whole range
 * costs time in proportion to its size, so each range is only probed up to this many keys.
 */
const PROBE_CAP = 4000;

async function testRows(db: HypomosDb, keys: Iterable<string>, filter: Filter): Promise<string[]> {
  const rows = await db.items.bulkGet([...keys] as ItemKey[]);
  return rows.filter((r): r is IndexItem => r !== undefined && matches(r, filter)).map((r) => r.key);
}

/**
 * Evaluates a filter against IndexedDB with its indexes. Every indexable condition's range is probed
 * for at most PROBE_CAP keys (keys only, no rows). Ranges that fit are intersected; when they answer
 * every condition exactly no row is read at all, otherwise only the intersected rows are read and
 * tested. When every range is large, the planner's choice is read in full and its rows tested.
 * Without any indexable condition it scans the table.
 */
export async function evaluateFilter(db: HypomosDb, filter: Filter, probeCap = PROBE_CAP): Promise<Evaluation> {
  const candidates: IndexCandidate[] = indexCandidates(filter);
  if (candidates.length === 0) {
    const rows = await db.items.toArray();
    return { keys: rows.filter((r) => matches(r, filter)).map((r) => r.key), index: null, scanned: rows.length };
  }
  const probes = await Promise.all(
    candidates.map(async (c) => {
      const keys = (await rangeQuery(db, c.index, c.range).limit(probeCap).primaryKeys()) as string[];
      return { c, keys: new Set(keys), complete: keys.length < probeCap };
    }),
  );
  const small = probes.filter((p) => p.complete).sort((a, b) => a.keys.size - b.keys.size);
  if (small.length > 0) {
    let keys = small[0]!.keys;
    for (const p of small.slice(1)) keys = new Set([...keys].filter((k) => p.keys.has(k)));
    const exact = small.filter((p) => p.c.exact).length;
    const index = small[0]!.c.index;
    if (exact === conjunctsOf(filter).length) return { keys: [...keys], index, scanned: 0 };
    return { keys: await testRows(db, keys, filter), index, scanned: keys.size };
  }
  // Every range is large: the planner picks one (ties go to the likelier-selective index).
  const plan = planQuery(
    filter,
    probes.map((p) => probeCap + p.c.priority),
  );
  const chosen = probes[plan.candidate ?? 0]!;
  const keys = (await rangeQuery(db, chosen.c.index, chosen.c.range).primaryKeys()) as string[];
  const unique = new Set(keys);
  if (probes.length === 1 && chosen.c.exact && conjunctsOf(filter).length === 1)
    return { keys: [...unique], index: chosen.c.index, scanned: 0 };
  return { keys: await testRows(db, unique, filter), index: chosen.c.index, scanned: unique.size };
}

/**
 * What the library pages call: once the catalog is loaded its in-memory filter index answers; until then (or
 * outside the dashboard) IndexedDB answers through its indexes.
 */
export async function evaluateForLibrary(db: HypomosDb, store: LibraryStore, filter: Filter): Promise<Evaluation> {
  const index = store.filterIndex();
  if (index === null) return evaluateFilter(db, filter);
  const ev = index.evaluate(filter);
  return { keys: ev.keys, index: ev.index === null ? 'memory' : `memory:${ev.index}`, scanned: ev.tested };
}

/** The baseline the benchmark compares against: read everything, test everything. */
export async function naiveScan(db: HypomosDb, filter: Filter): Promise<IndexItem[]> {
  return (await db.items.toArray()).filter((r) => matches(r, filter));
}
