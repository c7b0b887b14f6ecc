import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { RemovalOutbox } from './removals';

const freshDb = () => new HypomosDb('removals-test', { indexedDB: new IDBFactory(), IDBKeyRange });

describe('RemovalOutbox', () => {
  it('delivers queued removals to every listener, then forgets them', async () => {
    const db = freshDb();
    await db.removals.bulkAdd([
      { sourceId: 's', keys: ['s:a'], at: 1 },
      { sourceId: 's', keys: ['s:b', 's:c'], at: 2 },
    ]);
    const outbox = new RemovalOutbox(db);
    const heard: string[][] = [];
    const heardToo: string[] = [];
    outbox.onItemsRemoved((keys) => void heard.push(keys));
    outbox.onItemsRemoved(async (keys) => void heardToo.push(...keys));
    await outbox.deliver();
    expect(heard).toEqual([['s:a'], ['s:b', 's:c']]);
    expect(heardToo).toEqual(['s:a', 's:b', 's:c']);
    expect(await db.removals.count()).toBe(0);
  });

  it('keeps a removal a listener failed on, and delivers it again later', async () => {
    const db = freshDb();
    await db.removals.add({ sourceId: 's', keys: ['s:a'], at: 1 });
    const outbox = new RemovalOutbox(db);
    let fail = true;
    const heard: string[] = [];
    outbox.onItemsRemoved(async (keys) => {
      if (fail) throw new Error('portal unreachable');
      heard.push(...keys);
    });
    await outbox.deliver();
    expect(await db.removals.count()).toBe(1);
    fail = false;
    await outbox.deliver();
    expect(heard).toEqual(['s:a']);
    expect(await db.removals.count()).toBe(0);
  });
});
