import type { HypomosDb } from '../../db';
import { newShare, type SharingShare, readShare, toShareRow } from './rows';

/** Finds this device's contribution to an event (one share per event token), if there is one. */
export async function eventShareFor(db: HypomosDb, eventToken: string): Promise<SharingShare | null> {
  for (const row of await db.shares.toArray()) {
    const share = readShare(row);
    if (share?.kind === 'event' && share.eventToken === eventToken) return share;
  }
  return null;
}

/**
 * "Share to event": records the contribution (one `shares` row per event token, for the collection holding the
 * items) and queues each new item as a `published` row waiting for the organizer (approval 'pending'). The
 * publisher sends them to the portal with delegated links and reads the organizer's decisions back.
 */
export async function queueEventContribution(
  db: HypomosDb,
  input: {
    eventToken: string;
    portalOrigin: string | null;
    collectionId: string;
    keys: readonly string[];
    newId: () => string;
    now: number;
  },
): Promise<SharingShare> {
  return db.transaction('rw', [db.shares, db.published], async () => {
    const share =
      (await eventShareFor(db, input.eventToken)) ??
      newShare({
        id: input.newId(),
        collectionId: input.collectionId,
        kind: 'event',
        eventToken: input.eventToken,
        portalOrigin: input.portalOrigin,
        createdAt: input.now,
      });
    await db.shares.put(toShareRow(share));
    const known = await db.published.bulkGet(input.keys.map((k) => [share.id, k] as [string, string]));
    const fresh = input.keys.filter((_, n) => !known[n]);
    await db.published.bulkPut(
      fresh.map((itemKey) => ({
        shareId: share.id,
        itemKey,
        state: 'pending' as const,
        approval: 'pending' as const,
        at: input.now,
      })),
    );
    return share;
  });
}
