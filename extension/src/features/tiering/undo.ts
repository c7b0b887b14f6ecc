import { ProviderError } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import { getItem, getItems, ITEMS_TABLE, updateItem } from '../library';
import { allSources, getSource, KIND_NAMES, SOURCES_TABLE } from '../sources';
import type { MoverDeps } from './mover';
import type { MoveRow } from './rows';
import { readTieringSettings, saveTieringSettings } from './settings';
import { checkpoint } from './store';

/**
 * Undoing a finished move, in the move's own order so a guest never sees a gap: restore the original from the
 * source's recycle bin → switch the index back (same key: tags, faces, collections, stats stay) → republish every
 * share to the original → only then delete the copy at the destination. Each step is checkpointed on the move's
 * row (rows.ts) and idempotent, so a stopped worker resumes it like a move (mover.ts runs both).
 */

/** An undo that cannot happen (the original left the recycle bin, the source cannot restore): nothing changed. */
export class UndoRefused extends Error {}

/** Sources whose move endpoint restores from a recycle bin (endpoints.ts: OneDrive's driveitem-restore). */
const RESTORES_FROM_BIN = new Set(['onedrive']);

export const UNDO_REFUSED_PREFIX = 'Could not undo: ';

/**
 * Why each finished move in `rows` cannot be undone, or null when it can: an undo needs the item still where the
 * move put it (no newer move of it, undone ones aside) and a source with a recycle bin Hypomos restores from.
 * Whether the bin still holds the original only the provider knows: the undo asks it first.
 */
export async function undoBlockers(db: HypomosDb, rows: readonly MoveRow[]): Promise<Map<string, string | null>> {
  const done = rows.filter((r) => r.state === 'done');
  const keys = [...new Set(done.map((r) => r.key))];
  const [items, all, sources] = await Promise.all([
    getItems(db, keys),
    db.tierMoves.where('key').anyOf(keys).toArray(),
    allSources(db),
  ]);
  const itemOf = new Map(keys.map((k, i) => [k, items[i]]));
  const sourceOf = new Map(sources.map((s) => [s.id, s]));
  const out = new Map<string, string | null>();
  for (const row of done) {
    const newer = all.filter((m) => m.key === row.key && m.createdAt > row.createdAt && m.state !== 'undone');
    const item = itemOf.get(row.key);
    const from = sourceOf.get(row.fromSourceId);
    out.set(
      row.id,
      row.error?.startsWith(UNDO_REFUSED_PREFIX)
        ? row.error.slice(UNDO_REFUSED_PREFIX.length)
        : newer.some((m) => m.state === 'done')
          ? 'Moved again later: undo the newer move first'
          : newer.length > 0
            ? 'A newer move of this item is not finished'
            : !item || item.sourceId !== row.toSourceId || item.providerItemId !== row.toId
              ? 'The item is no longer where this move put it'
              : !from
                ? 'Its original source is no longer connected'
                : !RESTORES_FROM_BIN.has(from.kind)
                  ? `${KIND_NAMES[from.kind]} has no recycle bin to restore the original from`
                  : null,
    );
  }
  return out;
}

/** Marks a finished move for undo (checked again here: the log may be stale). Run it with `runMove`. */
export async function requestUndo(db: HypomosDb, id: string, now: number): Promise<MoveRow> {
  return db.transaction('rw', ['tierMoves', ITEMS_TABLE, SOURCES_TABLE], async () => {
    const row = await db.tierMoves.get(id);
    if (!row) throw new Error(`No move ${id}`);
    if (row.state !== 'done') throw new Error(`This move is ${row.state}, not done: it cannot be undone`);
    const blocker = (await undoBlockers(db, [row])).get(id);
    if (blocker) throw new Error(blocker);
    return checkpoint(db, id, { state: 'undo-queued', error: null, failedAt: null }, now, 'Undo requested');
  });
}

export async function undoStep(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  switch (row.state) {
    case 'undo-queued':
      return restoreOriginal(deps, row);
    case 'undo-restored':
      return switchBack(deps, row);
    case 'undo-switched':
      await deps.republish(row.key);
      return checkpoint(
        deps.db,
        row.id,
        { state: 'undo-republished' },
        deps.now(),
        'Shares link to the original again',
      );
    case 'undo-republished':
      return deleteCopy(deps, row);
    default:
      throw new Error(`Cannot undo a move in state ${row.state}`);
  }
}

/**
 * Restores the original under its old id. A restore already done by a stopped attempt answers "not in the bin";
 * the endpoint then finds the original live and says so, so only a purged original counts as gone.
 */
async function restoreOriginal(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const item = await getItem(deps.db, row.key);
  if (!item || item.sourceId !== row.toSourceId || item.providerItemId !== row.toId)
    throw new UndoRefused('the item is no longer where this move put it');
  const from = await deps.endpoint(row.fromSourceId);
  if (!from.restore) throw new UndoRefused(`${KIND_NAMES[from.kind]} has no recycle bin to restore the original from`);
  let answer: 'restored' | 'gone';
  try {
    answer = await from.restore({ id: row.fromId, path: row.fromPath });
  } catch (e) {
    // OneDrive for work or school: Graph cannot restore (the user can, on the web).
    if (e instanceof ProviderError && e.kind === 'forbidden') throw new UndoRefused(e.message);
    throw e;
  }
  if (answer === 'gone')
    throw new UndoRefused(
      `the original is no longer in the ${KIND_NAMES[from.kind]} recycle bin (emptied or expired). Nothing changed: the item stays in cold storage`,
    );
  return checkpoint(
    deps.db,
    row.id,
    { state: 'undo-restored' },
    deps.now(),
    `The original is back at /${row.fromPath} (restored from the recycle bin)`,
  );
}

/** Points the item at the original again, in the same transaction as the checkpoint (as the move's switch). */
async function switchBack(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const { db } = deps;
  return db.transaction('rw', ['tierMoves', ITEMS_TABLE, SOURCES_TABLE], async () => {
    const item = await getItem(db, row.key);
    if (!item) throw new Error('The item is no longer in the library');
    const slash = row.fromPath.lastIndexOf('/');
    const source = await getSource(db, row.fromSourceId);
    // Moves switched before undo existed kept no snapshot: the path and the hashes read during the copy stand in,
    // and the next sync of the source re-reads the original (no etag).
    const before = row.fromItem ?? {
      sourceKind: source?.kind ?? item.sourceKind,
      folder: slash < 0 ? '' : row.fromPath.slice(0, slash),
      name: slash < 0 ? row.fromPath : row.fromPath.slice(slash + 1),
      etag: null,
      contentHashes: row.sourceHashes ?? {},
      webUrl: null,
      thumbnailUrl: null,
    };
    await updateItem(db, row.key, {
      sourceId: row.fromSourceId,
      sourceKind: before.sourceKind,
      providerItemId: row.fromId,
      folder: before.folder,
      name: before.name,
      etag: before.etag,
      contentHashes: before.contentHashes,
      webUrl: before.webUrl,
      thumbnailUrl: before.thumbnailUrl ?? null,
    });
    return checkpoint(
      db,
      row.id,
      { state: 'undo-switched' },
      deps.now(),
      `The library points at /${row.fromPath} again`,
    );
  });
}

/**
 * Deletes the copy (a copy already gone counts as deleted), and keeps the item where the undo put it: an item
 * brought back from cold is pinned warm, or the next run would move it straight back; one sent back to cold loses
 * its single-item pin for the same reason.
 */
async function deleteCopy(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const { db } = deps;
  const to = await deps.endpoint(row.toSourceId);
  await to.trash({ id: row.toId as string, path: row.toPath as string });
  return db.transaction('rw', ['tierMoves', 'kv'], async () => {
    const settings = await readTieringSettings(db);
    const others = settings.pins.itemKeys.filter((k) => k !== row.key);
    const itemKeys = row.direction === 'to-cold' ? [...others, row.key] : others;
    await saveTieringSettings(db, { ...settings, pins: { ...settings.pins, itemKeys } });
    return checkpoint(
      db,
      row.id,
      { state: 'undone', error: null },
      deps.now(),
      row.direction === 'to-cold'
        ? `Undone: the copy in cold storage is deleted; kept warm, so the next run leaves it at the source`
        : 'Undone: the copy is deleted; no longer pinned, so the next run leaves it in cold storage',
    );
  });
}
