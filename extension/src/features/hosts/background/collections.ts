import { itemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { appendToStatic, CollectionRefused } from '../../collections';
import { getItems } from '../../library';
import { MessageError } from '../../messages';
import type { CollectionTarget, ItemOutcome } from '../messages';
import type { HostIndexer } from './indexer';

export interface Ids {
  newId: () => string;
  now: () => number;
}

/**
 * Items from a host page that are in the index, indexing the others first. Outcomes say per item why
 * one could not be used.
 */
export async function ensureIndexed(
  db: HypomosDb,
  indexer: HostIndexer,
  source: SourceRow,
  ids: readonly string[],
): Promise<ItemOutcome[]> {
  const present = await getItems(
    db,
    ids.map((id) => itemKey(source.id, id)),
  );
  const missing = ids.filter((_, n) => !present[n]);
  const fresh = missing.length > 0 ? await indexer.indexItems(source, missing) : [];
  const byId = new Map(fresh.map((o) => [o.id, o]));
  return ids.map((id) => byId.get(id) ?? { id, ok: true, reason: null });
}

/** Appends the items to a static collection (an existing one, or a new one with this title), once each. */
export async function addToCollection(
  db: HypomosDb,
  indexer: HostIndexer,
  ids: Ids,
  source: SourceRow,
  itemIds: readonly string[],
  target: CollectionTarget,
): Promise<{ collectionId: string; title: string; added: number; outcomes: ItemOutcome[] }> {
  const outcomes = await ensureIndexed(db, indexer, source, itemIds);
  const keys = outcomes.filter((o) => o.ok).map((o) => itemKey(source.id, o.id));
  try {
    const { collection, added } = await appendToStatic(db, { id: ids.newId, now: ids.now }, target, keys);
    return { collectionId: collection.id, title: collection.title, added, outcomes };
  } catch (error) {
    if (error instanceof CollectionRefused) throw new MessageError('bad_request', error.message);
    throw error;
  }
}
