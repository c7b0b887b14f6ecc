import type { IndexItem } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { ITEMS_TABLE, itemKeysOfSource, itemsInFolder, modifyItems } from '../library';
import { DEFAULT_IGNORED_FOLDER_NAMES, folderNameTags } from './folder-tags';

export type Progress = (done: number, total: number) => void;

const CHUNK = 500;
const clean = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** Applies `change` to items in chunks, each chunk one transaction, reporting progress between them. */
async function modifyInChunks(db: HypomosDb, keys: string[], change: (item: IndexItem) => void, progress?: Progress) {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = keys.slice(i, i + CHUNK);
    await db.transaction('rw', ITEMS_TABLE, () => modifyItems(db, part, change));
    progress?.(Math.min(keys.length, i + CHUNK), keys.length);
  }
}

export async function addTags(db: HypomosDb, keys: string[], tags: string[], progress?: Progress) {
  const add = clean(tags);
  if (add.length === 0) return;
  await modifyInChunks(
    db,
    keys,
    (item) => {
      for (const t of add) if (!item.tags.includes(t)) item.tags.push(t);
    },
    progress,
  );
}

export async function removeTags(db: HypomosDb, keys: string[], tags: string[], progress?: Progress) {
  const drop = new Set(clean(tags).map((t) => t.toLowerCase()));
  await modifyInChunks(
    db,
    keys,
    (item) => {
      item.tags = item.tags.filter((t) => !drop.has(t.toLowerCase()));
    },
    progress,
  );
}

/** Keys of every item in a folder of a source, subfolders included. */
export async function folderKeys(db: HypomosDb, sourceId: string, folder: string): Promise<string[]> {
  return (await itemsInFolder(db, sourceId, folder)).map((i) => i.key);
}

/** "Tag this folder": one action for every item under the folder. */
export async function tagFolder(
  db: HypomosDb,
  sourceId: string,
  folder: string,
  tags: string[],
  progress?: Progress,
): Promise<string[]> {
  const keys = await folderKeys(db, sourceId, folder);
  await addTags(db, keys, tags, progress);
  return keys;
}

/** Adds the folder-name tags of every item of a source that has automatic tags switched on. */
export async function applyFolderTags(db: HypomosDb, source: SourceRow, progress?: Progress): Promise<number> {
  if (!source.autoTagFolders) return 0;
  const ignored = source.ignoredFolderNames.length > 0 ? source.ignoredFolderNames : DEFAULT_IGNORED_FOLDER_NAMES;
  const keys = await itemKeysOfSource(db, source.id);
  let changed = 0;
  await modifyInChunks(
    db,
    keys,
    (item) => {
      const add = folderNameTags(item.folder, ignored).filter((t) => !item.tags.includes(t));
      if (add.length > 0) {
        item.tags.push(...add);
        changed++;
      }
    },
    progress,
  );
  return changed;
}
