import { type ItemKey, itemKey } from '@hypomos/shared/index/item';
import { type ChangePage, ProviderError, ProviderItem } from '@hypomos/shared/providers/provider';
import { decideUpsert, unseenKeys } from '@hypomos/shared/scan/plan';
import type { HypomosDb } from '../../../db';
import type { SyncStateRow } from '../../../db/rows';
import { idleState, type SourceContext } from './context';
import { applyFolderChanges, folderTables, movedItemChanges } from './folders';
import { withRetry } from './retry';

const tablesOf = (db: HypomosDb) => [
  ...new Set([
    db.items,
    db.pending,
    db.failed,
    db.syncState,
    db.scanSeen,
    db.removals,
    db.tierMoves,
    ...folderTables(db),
  ]),
];

/**
 * Starts a new run from an idle state: a delta sync from the saved checkpoint, or a full listing when
 * there is none. Transient failures of earlier runs are queued again (up to a few attempts).
 */
export async function beginRun(ctx: SourceContext): Promise<void> {
  const { db, clock } = ctx.deps;
  const id = ctx.source.id;
  await db.transaction('rw', [db.syncState, db.scanSeen, db.pending, db.failed], async () => {
    const state = (await db.syncState.get(id)) ?? idleState(id);
    if (state.phase !== 'idle') return;
    const full = state.deltaCursor === null;
    if (full) await db.scanSeen.where('sourceId').equals(id).delete();
    const transient = (await db.failed.where('sourceId').equals(id).toArray()).filter(
      (f) => f.transient && f.item && (f.attempts ?? 1) < 5,
    );
    await db.pending.bulkPut(transient.map((f) => ({ key: f.key, sourceId: id, item: f.item })));
    await db.syncState.put({
      ...state,
      phase: full ? 'full' : 'delta',
      cursor: full ? null : state.deltaCursor,
      seen: 0,
      indexed: 0,
      failedCount: 0,
      bytesRead: 0,
      startedAt: clock.now(),
      finishedAt: null,
      lastError: null,
      drainStartedAt: null,
      drainDone: 0,
    });
  });
}

/** Asks for pages until the listing reaches its checkpoint; each page is committed with its cursor. */
export async function listChanges(ctx: SourceContext): Promise<void> {
  const { db } = ctx.deps;
  for (;;) {
    const state = await db.syncState.get(ctx.source.id);
    if (!state || state.phase === 'idle') return;
    let page: ChangePage;
    try {
      page = await withRetry(() => ctx.provider.changes(state.cursor), {
        clock: ctx.deps.clock,
        policy: ctx.deps.retry,
      });
    } catch (error) {
      if (
        error instanceof ProviderError &&
        error.kind === 'gone' &&
        !(state.phase === 'full' && state.cursor === null)
      ) {
        await restartFull(ctx);
        continue;
      }
      throw error;
    }
    if (page.reset) {
      // A reset on the very first page of a full listing would loop forever: report it instead.
      if (state.phase === 'full' && state.cursor === null)
        throw new ProviderError('bad_response', 'The provider asked for a rescan at the start of a full listing');
      await restartFull(ctx);
      continue;
    }
    const removed = await applyPage(ctx, state, page);
    ctx.deps.onProgress?.(ctx.source.id);
    if (removed > 0) await ctx.deps.onRemovals?.();
  }
}

/** The provider dropped our checkpoint (410): list everything again, then drop what was not seen. */
async function restartFull(ctx: SourceContext): Promise<void> {
  const { db } = ctx.deps;
  const id = ctx.source.id;
  await db.transaction('rw', [db.syncState, db.scanSeen], async () => {
    const state = (await db.syncState.get(id)) ?? idleState(id);
    await db.scanSeen.where('sourceId').equals(id).delete();
    await db.syncState.put({ ...state, phase: 'full', cursor: null, deltaCursor: null });
  });
}

/**
 * One page in ONE transaction: folders renamed or moved re-path what is below them, new and changed items
 * are queued in `pending`, moves and deletions are applied, the removals go to the outbox, and the next
 * cursor is saved. A worker stopped before the commit asks for the same page again; after it, for the next
 * one. Returns how many keys were removed.
 */
async function applyPage(ctx: SourceContext, state: SyncStateRow, page: ChangePage): Promise<number> {
  const { db, clock } = ctx.deps;
  const id = ctx.source.id;
  const upserts = page.upserts.map((u) => ProviderItem.parse(u));
  return db.transaction('rw', tablesOf(db), async () => {
    const current = await db.syncState.get(id);
    // Another run committed this page already (a second worker instance): nothing to do.
    if (!current || current.cursor !== state.cursor || current.phase !== state.phase) return 0;
    const underDeletedFolders = await applyFolderChanges(db, ctx.source, page);
    // An item tiering moved here keeps the key it had (features/tiering/store.ts): find it under that key.
    const alias = (await ctx.deps.keyAliases?.(db, id, [...upserts.map((u) => u.id), ...page.deletions])) ?? new Map();
    const keyOf = (providerId: string) => (alias.get(providerId) ?? itemKey(id, providerId)) as ItemKey;
    const keys = upserts.map((u) => keyOf(u.id));
    const known = await db.items.bulkGet(keys);
    const failed = await db.failed.bulkGet(keys);
    const removed: string[] = [];
    let seen = 0;
    for (const [i, item] of upserts.entries()) {
      const key = keys[i]!;
      const decision = decideUpsert(item, known[i], failed[i]?.etag ?? undefined);
      if (decision.kind === 'drop') {
        removed.push(key);
        continue;
      }
      seen++;
      if (state.phase === 'full') await db.scanSeen.put({ sourceId: id, key });
      if (decision.kind === 'read') await db.pending.put({ key, sourceId: id, item });
      else if (decision.kind === 'move')
        await db.items.update(key, movedItemChanges(ctx.source, known[i]!, item.name, item.folder));
    }
    // A file moved out of a folder deleted in the same page is listed among the upserts: it stays.
    const listed = new Set<string>(keys);
    removed.push(...page.deletions.map(keyOf), ...underDeletedFolders.filter((k) => !listed.has(k)));
    let next: SyncStateRow = { ...current, cursor: page.cursor, seen: current.seen + seen };
    if (page.done) {
      if (state.phase === 'full') removed.push(...(await unseenAtEndOfFullScan(db, id)));
      next = { ...next, phase: 'idle', cursor: null, deltaCursor: page.cursor };
    }
    const gone = await removeKeys(db, id, removed);
    if (gone.length > 0) await db.removals.add({ sourceId: id, keys: gone, at: clock.now() });
    await db.syncState.put(next);
    return gone.length;
  });
}

async function unseenAtEndOfFullScan(db: HypomosDb, sourceId: string): Promise<string[]> {
  const seen = new Set((await db.scanSeen.where('sourceId').equals(sourceId).toArray()).map((r) => r.key));
  const indexed = (await db.items.where('sourceId').equals(sourceId).primaryKeys()) as string[];
  const queued = (await db.pending.where('sourceId').equals(sourceId).primaryKeys()) as string[];
  const failed = (await db.failed.where('sourceId').equals(sourceId).primaryKeys()) as string[];
  await db.scanSeen.where('sourceId').equals(sourceId).delete();
  return unseenKeys(new Set([...indexed, ...queued, ...failed]), seen);
}

/** Deletes keys from the index, the queue and the failures; returns those that were in the index. */
async function removeKeys(db: HypomosDb, sourceId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const unique = [...new Set(keys)] as ItemKey[];
  const present = await db.items.bulkGet(unique);
  // A key whose item lives on another source now (moved by tiering) is not this source's to remove.
  const gone = unique.filter((_, i) => present[i]?.sourceId === sourceId);
  await db.items.bulkDelete(gone as ItemKey[]);
  await db.pending.bulkDelete(unique);
  await db.failed.bulkDelete(unique);
  return gone;
}
