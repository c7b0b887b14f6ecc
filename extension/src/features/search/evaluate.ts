import { matches } from '@hypomos/shared/filter/match';
import { type IndexCandidate, type IndexRange, indexCandidates } from '@hypomos/shared/filter/plan';
import type { Filter } from '@hypomos/shared/filter/schema';
import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';

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

/** Ranges this much larger than the running key set are cheaper to check on the rows than to intersect. */
const INTERSECT_RATIO = 8;

/** Only the conjunction's own leaves can be answered by indexes; anything else needs the rows. */
const conjuncts = (f: Filter): Filter[] => (f.kind === 'all' ? f.of.flatMap(conjuncts) : [f]);

/**
 * Evaluates a filter against IndexedDB with its indexes: counts each indexable conjunct's range,
 * takes the keys of the smallest (keys only: no rows are read), intersects the other small ones,
 * and reads rows only when some condition is not answered exactly by an index. Falls back to a scan.
 */
export async function evaluateFilter(db: HypomosDb, filter: Filter): Promise<Evaluation> {
  const candidates: IndexCandidate[] = indexCandidates(filter);
  if (candidates.length === 0) {
    const rows = await db.items.toArray();
    return { keys: rows.filter((r) => matches(r, filter)).map((r) => r.key), index: null, scanned: rows.length };
  }
  const counts = candidates.length > 1 ? await Promise.all(candidates.map((c) => rangeQuery(db, c.index, c.range).count())) : [0];
  const order = candidates.map((c, i) => ({ c, n: counts[i]! })).sort((a, b) => a.n - b.n);
  const first = order[0]!;
  let keys = new Set((await rangeQuery(db, first.c.index, first.c.range).primaryKeys()) as string[]);
  let covered = first.c.exact ? 1 : 0;
  for (const { c, n } of order.slice(1)) {
    if (keys.size === 0 || n > keys.size * INTERSECT_RATIO) break;
    const other = new Set((await rangeQuery(db, c.index, c.range).primaryKeys()) as string[]);
    keys = new Set([...keys].filter((k) => other.has(k)));
    if (c.exact) covered++;
  }
  if (covered === conjuncts(filter).length) return { keys: [...keys], index: first.c.index, scanned: 0 };
  const rows = (await db.items.bulkGet([...keys] as ItemKey[])).filter((r): r is IndexItem => r !== undefined);
  return { keys: rows.filter((r) => matches(r, filter)).map((r) => r.key), index: first.c.index, scanned: rows.length };
}

/** The baseline the benchmark compares against: read everything, test everything. */
export async function naiveScan(db: HypomosDb, filter: Filter): Promise<IndexItem[]> {
  return (await db.items.toArray()).filter((r) => matches(r, filter));
}
