import type { SharedItemViews } from '@hypomos/shared/insights/not-copied';
import type { HypomosDb } from '../../db';
import type { PortalClient } from './portal-client';
import { asPublished, readShare } from './rows';

export interface ShareViewers {
  items: SharedItemViews[];
  /** Shares whose counts were read, and those the portal could not answer for. */
  shares: number;
  failed: number;
}

/**
 * The portal's viewer counts for every share this device made (revoked and expired ones too: those views
 * happened), as index keys. Event contributions are left out: their counts belong to the event's organizer.
 */
export async function shareViewers(db: HypomosDb, client: PortalClient): Promise<ShareViewers> {
  const out: ShareViewers = { items: [], shares: 0, failed: 0 };
  for (const row of await db.shares.toArray()) {
    const share = readShare(row);
    if (!share?.portalShareId || share.kind === 'event') continue;
    let stats: Awaited<ReturnType<PortalClient['shareStats']>>;
    try {
      stats = await client.shareStats(share.portalShareId);
    } catch {
      out.failed += 1;
      continue;
    }
    out.shares += 1;
    const keyOf = new Map<string, string>();
    for (const p of (await db.published.where('shareId').equals(share.id).toArray()).map(asPublished))
      if (p.portalItemId) keyOf.set(p.portalItemId, p.itemKey);
    for (const item of stats.items) {
      const itemKey = keyOf.get(item.itemId);
      if (itemKey && item.viewed > 0) out.items.push({ itemKey, viewers: item.viewed });
    }
  }
  return out;
}
