import type { StatKind } from '@hypomos/shared/api/shares';
import { newId } from './crypto';

export interface StatRow {
  itemId: string;
  viewed: number;
  liked: number;
  skipped: number;
  downloaded: number;
}

/** Viewer statistics per item per scope (share or event) and dead-link reports. */
export class StatsRepo {
  constructor(private readonly d1: D1Database) {}

  /** Adds counts for items that belong to the scope's collection(s); `validItemIds` was checked by the caller. */
  async record(scopeId: string, events: { itemId: string; kind: StatKind }[]) {
    const counts = new Map<string, Record<StatKind, number>>();
    for (const e of events) {
      const c = counts.get(e.itemId) ?? { viewed: 0, liked: 0, skipped: 0, downloaded: 0 };
      c[e.kind]++;
      counts.set(e.itemId, c);
    }
    const rows = [...counts].map(([itemId, c]) => [itemId, c.viewed, c.liked, c.skipped, c.downloaded]);
    await this.d1
      .prepare(
        `INSERT INTO item_stats (scope_id, item_id, viewed, liked, skipped, downloaded)
         SELECT ?1, j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4 FROM json_each(?2) j WHERE true
         ON CONFLICT (scope_id, item_id) DO UPDATE SET viewed = viewed + excluded.viewed, liked = liked + excluded.liked,
           skipped = skipped + excluded.skipped, downloaded = downloaded + excluded.downloaded`,
      )
      .bind(scopeId, JSON.stringify(rows))
      .run();
  }

  async forScope(scopeId: string): Promise<StatRow[]> {
    const r = await this.d1
      .prepare(
        'SELECT item_id AS itemId, viewed, liked, skipped, downloaded FROM item_stats WHERE scope_id = ?1 ORDER BY item_id',
      )
      .bind(scopeId)
      .all<StatRow>();
    return r.results;
  }

  async report(itemId: string, ownerId: string, reason: string, now: number) {
    await this.d1
      .prepare(
        `INSERT INTO dead_link_reports (id, item_id, owner_id, reason, reported_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (item_id, reason) DO UPDATE SET reported_at = excluded.reported_at`,
      )
      .bind(newId(), itemId, ownerId, reason, now)
      .run();
  }

  async reportsFor(ownerId: string) {
    const r = await this.d1
      .prepare(
        `SELECT r.id, r.item_id AS itemId, i.collection_id AS collectionId, i.source_id AS sourceId, i.source_item_id AS sourceItemId,
           r.reason, r.reported_at AS reportedAt
         FROM dead_link_reports r JOIN items i ON i.id = r.item_id WHERE r.owner_id = ?1 ORDER BY r.reported_at DESC LIMIT 1000`,
      )
      .bind(ownerId)
      .all<{
        id: string;
        itemId: string;
        collectionId: string;
        sourceId: string;
        sourceItemId: string;
        reason: string;
        reportedAt: number;
      }>();
    return r.results;
  }
}
