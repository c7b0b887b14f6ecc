import type { IndexItem, ItemKey, SourceKind } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';

export interface NewSource {
  kind: SourceKind;
  name: string;
  config: Record<string, string>;
}

/** Adds a connected storage; the scanner finds it at the next sync. */
export async function addSource(db: HypomosDb, spec: NewSource, now = Date.now()): Promise<SourceRow> {
  const row: SourceRow = {
    id: `${spec.kind}-${crypto.randomUUID().slice(0, 8)}`,
    kind: spec.kind,
    name: spec.name,
    config: spec.config,
    createdAt: now,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
  await db.sources.add(row);
  return row;
}

/**
 * Disconnects a source: its items leave the index (told to the sharing code through the removal
 * outbox, in the same transaction), with its queue, failures, scan state and folder handle.
 */
export async function removeSource(db: HypomosDb, sourceId: string, now = Date.now()): Promise<number> {
  return db.transaction(
    'rw',
    [db.sources, db.items, db.pending, db.failed, db.syncState, db.scanSeen, db.removals, db.dirHandles, db.folders],
    async () => {
      const keys = (await db.items.where('sourceId').equals(sourceId).primaryKeys()) as ItemKey[];
      await db.items.bulkDelete(keys);
      await db.pending.where('sourceId').equals(sourceId).delete();
      await db.failed.where('sourceId').equals(sourceId).delete();
      await db.scanSeen.where('sourceId').equals(sourceId).delete();
      await db.folders.where('sourceId').equals(sourceId).delete();
      await db.syncState.delete(sourceId);
      await db.dirHandles.delete(sourceId);
      await db.sources.delete(sourceId);
      if (keys.length > 0) await db.removals.add({ sourceId, keys, at: now });
      return keys.length;
    },
  );
}

/** The provider reference of an indexed item (providers addressed by path need the path). */
export const refOf = (item: Pick<IndexItem, 'providerItemId' | 'folder' | 'name'>) => ({
  id: item.providerItemId,
  path: item.folder ? `${item.folder}/${item.name}` : item.name,
});
