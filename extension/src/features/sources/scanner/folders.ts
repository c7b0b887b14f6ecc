import { movedFolder } from '@hypomos/shared/providers/folder-paths';
import type { ChangePage } from '@hypomos/shared/providers/provider';
import type { Table } from 'dexie';
import type { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { DEFAULT_IGNORED_FOLDER_NAMES, moveFolderTags } from '../../tags';

/**
 * Owns `db.folders`: each source's folders by provider id with the path the index uses. Graph's delta and
 * Drive's changes report a renamed or moved folder alone ("renaming a folder doesn't result in any descendants of
 * the folder being returned from delta … always track items by id", Graph driveItem-delta remarks), so when a
 * folder's path changes, everything indexed, queued or failed below it is re-pathed here; a deleted folder takes
 * what was below it. Runs inside the scanner's page transaction (tables: folders, items, pending, failed).
 */
export const folderTables = (db: HypomosDb) => [db.folders, db.items, db.pending, db.failed];

/** Applies a page's folder facts and folder deletions; returns the keys of items gone with a deleted folder. */
export async function applyFolderChanges(db: HypomosDb, source: SourceRow, page: ChangePage): Promise<string[]> {
  const sid = source.id;
  for (const { id, path } of page.folders ?? []) {
    const known = await db.folders.get([sid, id]);
    if (known && known.path !== path) await repath(db, source, known.path, path);
    if (known?.path !== path) await db.folders.put({ sourceId: sid, id, path });
  }
  const removed: string[] = [];
  for (const id of page.deletions) {
    const folder = await db.folders.get([sid, id]);
    if (!folder) continue;
    removed.push(...(await keysUnder(db, sid, folder.path)));
    await db.folders
      .where('sourceId')
      .equals(sid)
      .filter((f) => movedFolder(f.path, folder.path, '') !== null)
      .delete();
  }
  return removed;
}

/** The index's and the queue's rows of a source in `folder` or below it. */
async function keysUnder(db: HypomosDb, sid: string, folder: string): Promise<string[]> {
  const items = await itemsUnder(db, sid, folder).primaryKeys();
  const pending = await queuedUnder(db.pending, sid, folder).primaryKeys();
  const failed = await queuedUnder(db.failed, sid, folder).primaryKeys();
  return [...(items as string[]), ...pending, ...failed];
}

const itemsUnder = (db: HypomosDb, sid: string, folder: string) =>
  db.items
    .where('[sourceId+folder]')
    .between([sid, folder], [sid, `${folder}/\uffff`], true, true)
    .filter((i) => movedFolder(i.folder, folder, '') !== null);

/** Queue rows (pending, failed) whose provider item lies in `folder` or below it. */
const queuedUnder = <T extends { sourceId: string; item?: unknown }>(
  table: Table<T, string>,
  sid: string,
  folder: string,
) =>
  table
    .where('sourceId')
    .equals(sid)
    .filter((r) => under(r.item, folder));

const under = (item: unknown, folder: string) =>
  typeof (item as { folder?: unknown })?.folder === 'string' &&
  movedFolder((item as { folder: string }).folder, folder, '') !== null;

async function repath(db: HypomosDb, source: SourceRow, from: string, to: string): Promise<void> {
  const sid = source.id;
  const ignored = source.ignoredFolderNames.length > 0 ? source.ignoredFolderNames : DEFAULT_IGNORED_FOLDER_NAMES;
  await itemsUnder(db, sid, from).modify((item) => {
    const folder = movedFolder(item.folder, from, to) ?? item.folder;
    if (source.autoTagFolders) item.tags = moveFolderTags(item.tags, item.folder, folder, ignored);
    item.folder = folder;
  });
  const repathQueued = (r: { item?: unknown }) => {
    const item = r.item as { folder: string };
    r.item = { ...item, folder: movedFolder(item.folder, from, to) ?? item.folder };
  };
  await queuedUnder(db.pending, sid, from).modify(repathQueued);
  await queuedUnder(db.failed, sid, from).modify(repathQueued);
  await db.folders
    .where('sourceId')
    .equals(sid)
    .filter((f) => movedFolder(f.path, from, to) !== null)
    .modify((f) => {
      f.path = movedFolder(f.path, from, to) ?? f.path;
    });
}

/** What a moved or renamed file's index row becomes (its folder tags follow when automatic tags are on). */
export function movedItemChanges(
  source: SourceRow,
  known: { folder: string; tags: string[] },
  name: string,
  folder: string,
) {
  if (!source.autoTagFolders || known.folder === folder) return { name, folder };
  const ignored = source.ignoredFolderNames.length > 0 ? source.ignoredFolderNames : DEFAULT_IGNORED_FOLDER_NAMES;
  return { name, folder, tags: moveFolderTags(known.tags, known.folder, folder, ignored) };
}
