import type { TierItem } from '@hypomos/shared/tiering/rules';
import type { HypomosDb } from '../../db';

/**
 * The rule engine's view of the library: capture time and size from the index, last opened from the stats,
 * last shared from the published rows, static collections by membership. A like has no time in the index, so a
 * liked item counts as liked now (a favourite never goes cold by surprise). Dynamic collections cannot be
 * pinned yet: their members depend on a filter the engine does not evaluate.
 */
export async function tierItemsOf(db: HypomosDb, now: number): Promise<TierItem[]> {
  const [items, stats, published, collections, moved] = await Promise.all([
    db.items.toArray(),
    db.stats.toArray(),
    db.published.toArray(),
    db.collections.where('kind').equals('static').toArray(),
    db.tierMoves.where('state').equals('done').sortBy('updatedAt'),
  ]);
  // The tier a finished move set; later moves of the same item win.
  const tiers = new Map(moved.map((m) => [m.key, m.direction === 'to-cold' ? m.tier : null]));
  const opened = new Map(stats.map((s) => [s.key, s.lastViewedAt]));
  const shared = new Map<string, number>();
  for (const p of published) {
    if (p.state === 'withdrawn') continue;
    const at = typeof p.at === 'number' ? p.at : 0;
    shared.set(p.itemKey, Math.max(shared.get(p.itemKey) ?? 0, at));
  }
  const inCollections = new Map<string, string[]>();
  for (const c of collections)
    for (const k of c.itemKeys) inCollections.set(k, [...(inCollections.get(k) ?? []), c.id]);
  return items.map((item) => ({
    key: item.key,
    sourceId: item.sourceId,
    bytes: item.bytes ?? 0,
    takenAt: item.takenAt,
    lastOpenedAt: opened.get(item.key) ?? null,
    lastLikedAt: item.liked ? now : null,
    lastSharedAt: shared.get(item.key) ?? null,
    tags: item.tags,
    collectionIds: inCollections.get(item.key) ?? [],
    blobTier: (item.sourceKind === 'azblob' ? tiers.get(item.key) : null) ?? null,
  }));
}
