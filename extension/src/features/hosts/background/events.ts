import { itemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../../db';
import type { ShareRow, SourceRow } from '../../../db/rows';
import { MessageError } from '../../messages/router';
import type { ItemOutcome } from '../messages';
import { parseShareToToken } from '@hypomos/shared/sharing/event-token';
import { addToCollection, type Ids } from './collections';
import type { HostIndexer } from './indexer';

/** A share row for an event contribution (ShareRow's extra fields). */
export interface EventShareRow extends ShareRow {
  kind: 'event';
  eventToken: string;
  /** The portal named in a pasted `/e/<token>` URL; null for a bare token (the configured portal). */
  portalOrigin: string | null;
  createdAt: number;
}

const isEventShare = (row: ShareRow): row is EventShareRow =>
  row.kind === 'event' && typeof row.eventToken === 'string';

/**
 * "Share to event": the items go into the static collection that holds this device's contribution to
 * the event (one per token), and each is recorded as a contribution waiting for the organizer's
 * approval (`published` state 'pending', approval 'pending'). The sharing feature's publisher sends them
 * to the portal with delegated links; the portal decides approval.
 */
export async function shareToEvent(
  db: HypomosDb,
  indexer: HostIndexer,
  ids: Ids,
  source: SourceRow,
  itemIds: readonly string[],
  input: string,
): Promise<{ shareId: string; collectionId: string; pending: number; outcomes: ItemOutcome[] }> {
  const parsed = parseShareToToken(input);
  if (!parsed)
    throw new MessageError('bad_request', 'That is not an event link or share-to token (expected …/e/<token>).');
  const existing = (await db.shares.toArray()).filter(isEventShare).find((s) => s.eventToken === parsed.token);
  const target = existing
    ? { collectionId: existing.collectionId }
    : { newTitle: `Event contribution ${parsed.token.slice(0, 6)}…` };
  const added = await addToCollection(db, indexer, ids, source, itemIds, target);
  const share: EventShareRow = existing ?? {
    id: ids.newId(),
    collectionId: added.collectionId,
    state: 'active',
    portalCollectionId: '',
    kind: 'event',
    eventToken: parsed.token,
    portalOrigin: parsed.portalOrigin,
    createdAt: ids.now(),
  };
  const keys = added.outcomes.filter((o) => o.ok).map((o) => itemKey(source.id, o.id));
  await db.transaction('rw', [db.shares, db.published], async () => {
    await db.shares.put(share);
    const known = await db.published.bulkGet(keys.map((k) => [share.id, k] as [string, string]));
    const fresh = keys.filter((_, n) => !known[n]);
    await db.published.bulkPut(
      fresh.map((k) => ({
        shareId: share.id,
        itemKey: k,
        state: 'pending' as const,
        approval: 'pending',
        at: ids.now(),
      })),
    );
  });
  return { shareId: share.id, collectionId: added.collectionId, pending: keys.length, outcomes: added.outcomes };
}
