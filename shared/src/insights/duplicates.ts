import { exactGroups } from '../vision/dedupe';
import type { InsightItem } from './storage';

export interface DuplicateWaste {
  /** Groups of items with identical bytes (vision/dedupe.ts exactGroups). */
  groups: number;
  /** Copies beyond the first of each group. */
  extraCopies: number;
  /** Bytes that keeping one copy per group would free. */
  wastedBytes: number;
  /** The part of `wastedBytes` in groups that span more than one source (the same file in two clouds). */
  acrossSourcesBytes: number;
  /** Per source: bytes of its copies beyond the one kept (the kept copy is the first by key, so sources are stable). */
  bySource: Map<string, number>;
}

/** What exact duplicates cost: every copy but one per group of identical files. */
export function duplicateWaste(items: readonly InsightItem[]): DuplicateWaste {
  const byKey = new Map(items.map((i) => [i.key as string, i]));
  const out: DuplicateWaste = { groups: 0, extraCopies: 0, wastedBytes: 0, acrossSourcesBytes: 0, bySource: new Map() };
  for (const keys of exactGroups(items)) {
    const members = keys.map((k) => byKey.get(k)).filter((i): i is InsightItem => i !== undefined);
    const extra = members.slice(1);
    // Equal bytes mean equal sizes; a size the provider did not report is taken from a copy that has one.
    const size = members.find((m) => m.bytes !== null)?.bytes ?? 0;
    const wasted = size * extra.length;
    out.groups += 1;
    out.extraCopies += extra.length;
    out.wastedBytes += wasted;
    if (new Set(members.map((m) => m.sourceId)).size > 1) out.acrossSourcesBytes += wasted;
    for (const m of extra) out.bySource.set(m.sourceId, (out.bySource.get(m.sourceId) ?? 0) + size);
  }
  return out;
}
