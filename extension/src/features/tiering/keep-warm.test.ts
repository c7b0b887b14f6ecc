import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { keepWarmState, setKeepWarm } from './keep-warm';
import { readTieringSettings, saveTieringSettings } from './settings';

let n = 0;
async function library() {
  const db = new HypomosDb(`keep-warm-${n++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const hot = makeIndexItem({ providerItemId: 'a', sourceId: 'od', sourceKind: 'onedrive', tags: ['beach'] });
  const cold = makeIndexItem({ providerItemId: 'b', sourceId: 'blob', sourceKind: 'azblob', tags: [] });
  await db.items.bulkPut([hot, cold]);
  return { db, hot: hot.key, cold: cold.key };
}

describe('keep warm for one item (the lightbox toggle)', () => {
  it('pins and unpins the item, keeping the other pins', async () => {
    const { db, hot, cold } = await library();
    const settings = await readTieringSettings(db);
    await saveTieringSettings(db, { ...settings, pins: { itemKeys: [hot], collectionIds: [], tags: ['x'] } });
    await setKeepWarm(db, cold, true);
    await setKeepWarm(db, cold, true);
    expect((await readTieringSettings(db)).pins).toEqual({ itemKeys: [hot, cold], collectionIds: [], tags: ['x'] });
    await setKeepWarm(db, hot, false);
    expect((await readTieringSettings(db)).pins.itemKeys).toEqual([cold]);
  });

  it('says whether the item is cold (the rules, or without rules where a finished move to cold put it) and what pins it', async () => {
    const { db, hot, cold } = await library();
    // No rules saved yet: the cold item is the one a finished move put on Blob.
    await db.tierMoves.put({
      id: `r1:${cold}`,
      key: cold,
      state: 'done',
      direction: 'to-cold',
      toSourceId: 'blob',
      createdAt: 1,
    } as never);
    expect(await keepWarmState(db, cold)).toEqual({ pinned: false, pinnedBy: null, cold: true });
    expect(await keepWarmState(db, hot)).toEqual({ pinned: false, pinnedBy: null, cold: false });
    const settings = await readTieringSettings(db);
    await saveTieringSettings(db, {
      ...settings,
      rules: {
        hotSourceIds: ['od'],
        coldSourceId: 'blob',
        warmSourceId: 'od',
        olderThanMonths: 24,
        idleMonths: 12,
        accessTier: 'Cold',
      },
      pins: { itemKeys: [cold], collectionIds: ['c1'], tags: ['beach'] },
    });
    await db.collections.put({ id: 'c1', kind: 'static', title: 'Trip', itemKeys: [cold] } as never);
    expect(await keepWarmState(db, cold)).toEqual({ pinned: true, pinnedBy: 'Trip', cold: true });
    expect(await keepWarmState(db, hot)).toEqual({ pinned: false, pinnedBy: '#beach', cold: false });
    expect(await keepWarmState(db, 'od:gone')).toBeNull();
  });
});
