/** One cached entry as the eviction rule sees it. */
export interface CachedEntry {
  url: string;
  bytes: number;
  lastUsedAt: number;
}

/**
 * Which entries to drop so the cache fits in `capBytes`: least recently used first, until the total
 * is at or under the cap. Entries come in any order.
 */
export function evictionPlan(entries: readonly CachedEntry[], capBytes: number): string[] {
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  if (total <= capBytes) return [];
  const oldestFirst = [...entries].sort((a, b) => a.lastUsedAt - b.lastUsedAt || a.url.localeCompare(b.url));
  const drop: string[] = [];
  for (const entry of oldestFirst) {
    if (total <= capBytes) break;
    drop.push(entry.url);
    total -= entry.bytes;
  }
  return drop;
}
