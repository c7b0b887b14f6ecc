import type { HypomosDb } from '../../db';
import type { ItemStatsRow } from '../../db/rows';
import { updateItem } from '../library';

export type StatEvent = 'view' | 'like' | 'skip' | 'open';

const empty = (key: string): ItemStatsRow => ({ key, views: 0, likes: 0, skips: 0, opens: 0, lastViewedAt: null });

/** Counts one event for an item in the `stats` table (what the magic collections read). */
export async function recordStat(db: HypomosDb, key: string, event: StatEvent, now: number): Promise<void> {
  await db.transaction('rw', db.stats, async () => {
    const row = (await db.stats.get(key)) ?? empty(key);
    if (event === 'view') {
      row.views++;
      row.lastViewedAt = now;
    } else if (event === 'like') row.likes++;
    else if (event === 'skip') row.skips++;
    else {
      row.opens++;
      row.lastViewedAt = now;
    }
    await db.stats.put(row);
  });
}

/** Likes also mark the item itself, so "liked" filters and the heart agree. */
export async function likeItem(db: HypomosDb, key: string, now: number): Promise<void> {
  await updateItem(db, key, { liked: true });
  await recordStat(db, key, 'like', now);
}
