import { itemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { eventShareFor, queueEventContribution } from '../../sharing';
import { MessageError } from '../../messages';
import type { ItemOutcome } from '../messages';
import { parseShareToToken } from '@hypomos/shared/sharing/event-token';
import { addToCollection, type Ids } from './collections';
import type { HostIndexer } from './indexer';

/**
 * "Share to event": the items go into the static collection that holds this device's contribution to
 * the event (one per token), and the sharing feature queues each as a contribution waiting for the
 * organizer's approval. Its publisher sends them to the portal with delegated links and reads the
 * organizer's decisions back; the portal decides approval.
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
  const existing = await eventShareFor(db, parsed.token);
  const target = existing
    ? { collectionId: existing.collectionId }
    : { newTitle: `Event contribution ${parsed.token.slice(0, 6)}…` };
  const added = await addToCollection(db, indexer, ids, source, itemIds, target);
  const keys = added.outcomes.filter((o) => o.ok).map((o) => itemKey(source.id, o.id));
  const share = await queueEventContribution(db, {
    eventToken: parsed.token,
    portalOrigin: parsed.portalOrigin,
    collectionId: added.collectionId,
    keys,
    newId: ids.newId,
    now: ids.now(),
  });
  return { shareId: share.id, collectionId: added.collectionId, pending: keys.length, outcomes: added.outcomes };
}
