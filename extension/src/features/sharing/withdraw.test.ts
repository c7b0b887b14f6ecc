import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { flagReturningContent } from './tombstones';
import { markRemoved } from './withdraw';

const freshDb = () => new HypomosDb('sharing-test', { indexedDB: new IDBFactory(), IDBKeyRange });
const link = { url: 'https://example.org/l/1', thumbnailUrl: null, linkId: 'perm-1', expiresAt: null };

describe('markRemoved (the removal outbox listener)', () => {
  it('queues every share holding a removed item for withdrawal and leaves a tombstone', async () => {
    const db = freshDb();
    await db.published.bulkPut([
      { shareId: 's1', itemKey: 'od:a', state: 'published', link, sha256: 'aa', phash: null },
      { shareId: 's2', itemKey: 'od:a', state: 'pending', link, sha256: 'aa', phash: null },
      { shareId: 's3', itemKey: 'od:a', state: 'review' },
      { shareId: 's1', itemKey: 'od:b', state: 'published', link, sha256: 'bb', phash: null },
    ]);
    const affected = await markRemoved(db, ['od:a'], 1000);
    expect(affected.sort()).toEqual(['s1', 's2', 's3']);
    const rows = await db.published.toArray();
    expect(rows.map((r) => [r.shareId, r.itemKey, r.state])).toEqual([
      ['s1', 'od:a', 'withdrawing'],
      ['s1', 'od:b', 'published'],
      ['s2', 'od:a', 'withdrawing'],
    ]);
    expect(await db.tombstones.toArray()).toEqual([{ id: 'sha256:aa', sha256: 'aa', phash: null, deletedAt: 1000 }]);
  });
});

describe('flagReturningContent (once deleted, always flagged)', () => {
  it('marks content that comes back after its deletion unwanted, once per item', async () => {
    const db = freshDb();
    await db.tombstones.put({ id: 'sha256:aa', sha256: 'aa', phash: null, deletedAt: 1000 });
    await db.items.bulkPut([
      makeIndexItem({ providerItemId: 'old', sha256: 'aa', addedAt: 500 }),
      makeIndexItem({ providerItemId: 'back', sha256: 'aa', addedAt: 2000 }),
      makeIndexItem({ providerItemId: 'other', sha256: 'cc', addedAt: 2000 }),
    ]);
    expect(await flagReturningContent(db)).toEqual(['src-1:back']);
    expect((await db.items.get('src-1:back' as never))?.unwanted).toBe(true);
    expect((await db.items.get('src-1:other' as never))?.unwanted).toBe(false);
    // The owner un-marks it: it stays as they decided.
    await db.items.update('src-1:back' as never, { unwanted: false });
    expect(await flagReturningContent(db)).toEqual([]);
  });
});
