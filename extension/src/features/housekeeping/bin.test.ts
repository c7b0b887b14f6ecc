import type { AzuriteContainer } from '@hypomos/dev-services/azurite';
import type { GraphServer } from '@hypomos/dev-services/graph/server';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { itemKey, type ItemKey } from '@hypomos/shared/index/item';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import { corpusFile } from '@hypomos/shared/metadata/test-readers';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { sourceRow, startTestClouds, type TestClouds } from '../../testing/clouds';
import { createProvider, type ProviderDeps, type ScannerDeps, syncSource } from '../sources';
import { type BinDeps, binItems, restoreItems } from './bin';

const photo = corpusFile('exifr-fixtures/canon-dslr.jpg');

let clouds: TestClouds;
let graph: GraphServer;
let container: AzuriteContainer;
let deps: ProviderDeps;
let dbCount = 0;

beforeAll(async () => {
  clouds = await startTestClouds('photos');
  ({ graph, container, deps } = clouds);
}, 60_000);
afterAll(() => clouds?.close());

async function world() {
  const db = new HypomosDb(`housekeeping-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.sources.bulkPut([
    sourceRow('od', 'onedrive', { baseUrl: graph.url }),
    sourceRow('blob', 'azblob', { containerUrl: container.url }),
    sourceRow('nas', 'local', {}),
  ]);
  const scanner: ScannerDeps = {
    db,
    providerFor: (s) => createProvider(s, deps),
    extractMetadata,
    blurhash: async () => null,
    clock: { now: Date.now, sleep: async () => undefined },
  };
  const synced: string[] = [];
  const bin: BinDeps = {
    db,
    providerFor: (s) => createProvider(s, deps),
    sync: async (id) => {
      synced.push(id);
      expect((await syncSource(scanner, id, 'run')).ok).toBe(true);
    },
    now: Date.now,
  };
  return { db, scanner, bin, synced };
}

describe('the housekeeping bin', () => {
  it('bins a OneDrive photo into its recycle bin, the sync drops it through the removal outbox, and restore brings it back with its tags', {
    timeout: 60_000,
  }, async () => {
    const w = await world();
    const node = graph.store.addFile({
      path: 'Pictures/hk/blurry.jpg',
      bytes: Buffer.from(photo),
      mimeType: 'image/jpeg',
    });
    await w.bin.sync('od');
    const key = itemKey('od', node.id) as ItemKey;
    await w.db.items.update(key, { tags: ['beach'], liked: true, rating: 2 });
    const before = (await w.db.items.get(key))!;

    expect(await binItems(w.bin, [key])).toEqual([{ key, ok: true }]);
    expect(graph.store.get(node.id)?.trashed).toBe(true);
    expect(await w.db.items.get(key)).toBeUndefined();
    // The removal outbox is how sharing learns of a deletion and withdraws the item from every share.
    expect((await w.db.removals.toArray()).flatMap((r) => r.keys)).toContain(key);
    expect(await w.db.bin.get(key)).toMatchObject({ sourceId: 'od', where: 'bin', item: { tags: ['beach'] } });
    expect(await w.db.tombstones.count()).toBeGreaterThan(0);

    expect(await restoreItems(w.bin, [key])).toEqual([{ key, ok: true }]);
    expect(graph.store.get(node.id)?.trashed).toBe(false);
    expect(await w.db.bin.get(key)).toBeUndefined();
    expect(await w.db.tombstones.count()).toBe(0);
    const after = await w.db.items.get(key);
    expect(after).toMatchObject({ tags: ['beach'], liked: true, rating: 2, name: 'blurry.jpg' });
    expect(after?.takenAt).toBe(before.takenAt);
    expect(w.synced).toEqual(['od', 'od', 'od']);
  });

  it('deletes a Blob for good (no Undelete), refuses to restore it, and does not delete in a local folder', {
    timeout: 60_000,
  }, async () => {
    const w = await world();
    await container.upload('dark.jpg', photo, 'image/jpeg');
    await w.bin.sync('blob');
    const blobKey = itemKey('blob', 'dark.jpg') as ItemKey;
    expect(await w.db.items.get(blobKey)).toBeDefined();
    const local = makeIndexItem({
      providerItemId: 'IMG_1.jpg',
      sourceId: 'nas',
      sourceKind: 'local',
      name: 'IMG_1.jpg',
    });
    await w.db.items.put(local);
    const localKey = local.key;
    const outcomes = await binItems(w.bin, [blobKey, localKey, 'od:missing']);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.reason))).toEqual(['ok', 'not_deletable', 'not_indexed']);
    expect(await w.db.items.get(blobKey)).toBeUndefined();
    expect(await w.db.bin.get(blobKey)).toMatchObject({ where: 'forever' });
    const restored = await restoreItems(w.bin, [blobKey]);
    expect(restored).toEqual([expect.objectContaining({ key: blobKey, ok: false, reason: 'not_restorable' })]);
  });
});
