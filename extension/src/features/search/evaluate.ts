import { matches } from '@hypomos/shared/filter/match';
import { type IndexCandidate, type IndexRange, indexCandidates, planQuery } from '@hypomos/shared/filter/plan';
import type { Filter } from '@hypomos/shared/filter/schema';
import type { IndexItem } from '@hypomos/shared/index/item';
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
      return where.anyOfIgnoreCase(range.values).distinct();
    case 'startsWith':
      return where.startsWith(range.value);
    case 'startsWithIgnoreCase':
      return where.startsWithIgnoreCase(range.value);
  }
}

export interface Evaluation {
  items: IndexItem[];
  /** Which index served the query (null: full scan), for the UI and the benchmark. */
  index: string | null;
  scanned: number;
}

/**
 * Evaluates a filter against IndexedDB: counts each indexable conjunct's range (cheap in IndexedDB),
 * reads the smallest one and applies the exact predicate to it; falls back to a full scan.
 */
export async function evaluateFilter(db: HypomosDb, filter: Filter): Promise<Evaluation> {
  const candidates: IndexCandidate[] = indexCandidates(filter);
  // Counting every range costs as much as reading a small one, so only count when there is a choice.
  const counts =
    candidates.length > 1 ? await Promise.all(candidates.map((c) => rangeQuery(db, c.index, c.range).count())) : undefined;
  const plan = planQuery(filter, counts);
  const rows = plan.index === null ? await db.items.toArray() : await rangeQuery(db, plan.index, plan.range).toArray();
  return { items: rows.filter((r) => matches(r, filter)), index: plan.index, scanned: rows.length };
}

/** The baseline the benchmark compares against: read everything, test everything. */
export async function naiveScan(db: HypomosDb, filter: Filter): Promise<IndexItem[]> {
  return (await db.items.toArray()).filter((r) => matches(r, filter));
}
