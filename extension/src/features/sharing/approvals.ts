import type { ApprovalState, ContributionItems } from '@hypomos/shared/api/events';
import type { HypomosDb } from '../../db';
import type { PortalClient } from './portal-client';
import { asPublished, type PublishedItem, type SharingShare } from './rows';

/**
 * Event contributions: `published.approval` is the organizer's decision on the item as last read from the portal
 * (`GET /api/contributions/:id/items`), 'pending' until the portal says otherwise. The publisher reads it back
 * after every run of an event share (after each sync and on the sharing alarm), so the dashboard and the row badges
 * on Drive/OneDrive follow the organizer within one run. Returns how many rows changed.
 */
export async function readApprovals(
  db: HypomosDb,
  client: Pick<PortalClient, 'contributionItems'>,
  share: SharingShare,
): Promise<number> {
  if (share.kind !== 'event' || !share.contributionId) return 0;
  const answer = await client.contributionItems(share.contributionId);
  return applyApprovals(db, share.id, answer.items);
}

/** Writes the portal's states onto the share's rows, matched by the portal's item id. */
export async function applyApprovals(
  db: HypomosDb,
  shareId: string,
  items: Pick<ContributionItems['items'][number], 'itemId' | 'state'>[],
): Promise<number> {
  const stateOf = new Map(items.map((i) => [i.itemId, i.state]));
  return db.transaction('rw', db.published, async () => {
    const rows = (await db.published.where('shareId').equals(shareId).toArray()).map(asPublished);
    const updates = rows.flatMap((row) => {
      const approval = row.portalItemId ? stateOf.get(row.portalItemId) : undefined;
      if (!approval || approval === row.approval) return [];
      return [{ key: [row.shareId, row.itemKey] as [string, string], changes: { approval } }];
    });
    await db.published.bulkUpdate(updates);
    return updates.length;
  });
}

/** Items of an event share per decision, as the contributor's dashboard shows them. */
export async function approvalCounts(db: HypomosDb, shareId: string): Promise<Record<ApprovalState, number>> {
  const counts: Record<ApprovalState, number> = { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
  await db.published
    .where('shareId')
    .equals(shareId)
    .each((row) => {
      counts[contributionState(asPublished(row))]++;
    });
  return counts;
}

/** How the contributor sees an item of an event share: the organizer's decision, or withdrawn by themselves. */
export function contributionState(row: PublishedItem): ApprovalState {
  if (row.state === 'withdrawing' || row.state === 'withdrawn') return 'withdrawn';
  return row.approval ?? 'pending';
}
