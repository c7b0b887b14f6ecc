import { inFolder } from '@hypomos/shared/filter/match';
import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';

/**
 * The `items` table's door: other features read and write the index through these functions, never through
 * `db.items`. Each one joins the Dexie transaction it is called in, so a caller that needs items and its own
 * table to change together names `ITEMS_TABLE` in its transaction's scope and calls these inside it.
 */
export const ITEMS_TABLE = 'items';

export const getItem = (db: HypomosDb, key: string) => db.items.get(key as ItemKey);

export const getItems = (db: HypomosDb, keys: readonly string[]) => db.items.bulkGet(keys as ItemKey[]);

export const allItems = (db: HypomosDb) => db.items.toArray();

export const countItems = (db: HypomosDb) => db.items.count();

/** Visits every item without loading the whole index at once. */
export const eachItem = (db: HypomosDb, visit: (item: IndexItem) => void) => db.items.each(visit);

export const itemKeysOfSource = async (db: HypomosDb, sourceId: string) =>
  (await db.items.where('sourceId').equals(sourceId).primaryKeys()) as ItemKey[];

export const countItemsOfSource = (db: HypomosDb, sourceId: string) =>
  db.items.where('sourceId').equals(sourceId).count();

export const firstItemOfSource = (db: HypomosDb, sourceId: string) =>
  db.items.where('sourceId').equals(sourceId).first();

/** Items of a source in a folder, subfolders included ('' is the whole source). */
export function itemsInFolder(db: HypomosDb, sourceId: string, folder: string): Promise<IndexItem[]> {
  const rows =
    folder === '' ? db.items.where('sourceId').equals(sourceId) : db.items.where('folder').startsWith(folder);
  return rows.filter((i) => i.sourceId === sourceId && inFolder(i.folder, folder)).toArray();
}

/** One page of the whole index in key order, after `after` (null: from the start). */
export const itemsPage = (db: HypomosDb, after: string | null, limit: number) =>
  (after === null ? db.items.toCollection() : db.items.where(':id').above(after)).limit(limit).toArray();

/** Every tag in use, each once. */
export const allTags = async (db: HypomosDb) => (await db.items.orderBy('tags').uniqueKeys()) as string[];

export const updateItem = (db: HypomosDb, key: string, changes: Partial<IndexItem>) =>
  db.items.update(key as ItemKey, changes);

/** Edits the given items in place (in one transaction when called outside one). */
export const modifyItems = (db: HypomosDb, keys: readonly string[], change: (item: IndexItem) => void) =>
  db.items.where('key').anyOf(keys).modify(change);

export const modifyItemsOfSource = (db: HypomosDb, sourceId: string, changes: Partial<IndexItem>) =>
  db.items.where('sourceId').equals(sourceId).modify(changes);

export const putItem = (db: HypomosDb, item: IndexItem) => db.items.put(item);

export const putItems = (db: HypomosDb, items: readonly IndexItem[]) => db.items.bulkPut(items as IndexItem[]);

export const deleteItems = (db: HypomosDb, keys: readonly string[]) => db.items.bulkDelete(keys as ItemKey[]);
