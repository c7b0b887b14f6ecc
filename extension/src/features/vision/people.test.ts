import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import { findDuplicates, keepInGroups } from './dupes';
import {
  clusterNewFaces,
  mergePeople,
  moveFace,
  renamePerson,
  restorePeople,
  snapshotPeople,
  splitPerson,
} from './people';
import { claimBatch, enqueueKeys, markFailed, MAX_ATTEMPTS, resumeInterrupted, visionProgress } from './queue';

const item = (id: string, over: Partial<IndexItem> = {}): IndexItem =>
  makeIndexItem({ sourceId: 's', providerItemId: id, mediaType: 'image', ...over });

/** Two directions in embedding space stand for two people; small offsets make each face distinct. */
const vec = (person: 0 | 1, jitter: number) =>
  Float32Array.from({ length: 8 }, (_, i) => (i % 2 === person ? 1 : 0) + (i === 7 ? jitter : 0));
let n = 0;
const ids = () => `person-${++n}`;

describe('vision people and queue (Dexie over fake-indexeddb)', () => {
  let db: HypomosDb;
  beforeEach(async () => {
    db = new HypomosDb(`vision-test-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.items.bulkPut([item('a'), item('b'), item('c')]);
    await db.faces.bulkAdd([
      { id: 'a#0', itemKey: 's:a', personId: null, box: [0, 0, 10, 10], score: 0.9, embedding: vec(0, 0.1) },
      { id: 'b#0', itemKey: 's:b', personId: null, box: [0, 0, 10, 10], score: 0.9, embedding: vec(0, 0.2) },
      { id: 'b#1', itemKey: 's:b', personId: null, box: [20, 0, 10, 10], score: 0.9, embedding: vec(1, 0.1) },
      { id: 'c#0', itemKey: 's:c', personId: null, box: [0, 0, 10, 10], score: 0.9, embedding: vec(1, 0.3) },
    ]);
  });

  it('clusters new faces into people and writes person ids into items.people', async () => {
    expect(await clusterNewFaces(db, ids)).toEqual({ assigned: 4, newPeople: 2 });
    const [a, b, c] = await db.items.bulkGet(['s:a', 's:b', 's:c'] as ItemKey[]);
    expect(b?.people).toHaveLength(2);
    expect(a?.people).toHaveLength(1);
    expect(c?.people).toHaveLength(1);
    expect(a?.people[0]).not.toBe(c?.people[0]);
    // A later face joins the existing person instead of making a new one.
    await db.faces.add({
      id: 'c#1',
      itemKey: 's:c',
      personId: null,
      box: [0, 0, 9, 9],
      score: 0.8,
      embedding: vec(0, 0.15),
    });
    expect(await clusterNewFaces(db, ids)).toEqual({ assigned: 1, newPeople: 0 });
    expect((await db.items.get('s:c' as ItemKey))?.people).toHaveLength(2);
  });

  it('rename, merge, move and split rewrite items.people', async () => {
    await clusterNewFaces(db, ids);
    const pa = (await db.faces.get('a#0'))?.personId as string;
    const pc = (await db.faces.get('c#0'))?.personId as string;
    await renamePerson(db, pa, 'Alice');
    expect((await db.items.get('s:a' as ItemKey))?.people).toEqual([pa, 'Alice'].sort());
    await mergePeople(db, pa, [pc]);
    expect(await db.people.get(pc)).toBeUndefined();
    expect((await db.items.get('s:c' as ItemKey))?.people).toContain('Alice');
    const moved = await moveFace(db, 'c#0', null, ids);
    expect((await db.items.get('s:c' as ItemKey))?.people).toEqual([moved]);
    const split = await splitPerson(db, ['a#0'], ids);
    expect((await db.items.get('s:a' as ItemKey))?.people).toEqual([split]);
  });

  it('a merge and a split are undone from a snapshot', async () => {
    await clusterNewFaces(db, ids);
    const pa = (await db.faces.get('a#0'))?.personId as string;
    const pc = (await db.faces.get('c#0'))?.personId as string;
    await renamePerson(db, pc, 'Carol');
    const before = await snapshotPeople(db, [pa, pc]);
    await mergePeople(db, pa, [pc]);
    await restorePeople(db, before);
    expect((await db.people.get(pc))?.name).toBe('Carol');
    expect((await db.faces.get('c#0'))?.personId).toBe(pc);
    expect((await db.items.get('s:c' as ItemKey))?.people).toContain('Carol');
    const again = await snapshotPeople(db, [pa]);
    const split = await splitPerson(db, ['a#0', 'b#0'], ids);
    expect(await db.people.get(pa)).toBeUndefined();
    await restorePeople(db, again);
    expect((await db.faces.get('a#0'))?.personId).toBe(pa);
    expect(await db.people.get(split)).toBeUndefined();
  });

  it('queue: claims atomically, resumes interrupted items, gives up after MAX_ATTEMPTS', async () => {
    await db.sources.put({
      id: 's',
      kind: 'local',
      name: 's',
      config: {},
      createdAt: 0,
      visionOptIn: true,
      autoTagFolders: false,
      ignoredFolderNames: [],
    });
    expect(await enqueueKeys(db, ['s:a', 's:b'])).toBe(2);
    expect(await enqueueKeys(db, ['s:a', 's:c'])).toBe(1);
    expect(await claimBatch(db, 2)).toEqual(['s:a', 's:b']);
    expect(await resumeInterrupted(db)).toBe(2);
    for (let i = 0; i < MAX_ATTEMPTS; i++) await markFailed(db, 's:c', 'bad bytes');
    expect(await visionProgress(db)).toMatchObject({ queued: 2, failed: 1, total: 3 });
    expect((await db.visionQueue.get('s:c'))?.error).toBe('bad bytes');
  });

  it('finds exact duplicates across sources and keeps one', async () => {
    await db.items.bulkPut([
      item('x', { sha256: 'h' }),
      item('y', { sha256: 'h', sourceId: 't', key: 't:y' as ItemKey }),
    ]);
    expect(await findDuplicates(db)).toEqual([{ kind: 'exact', keys: ['s:x', 't:y'] }]);
    await keepInGroups(db, [{ keep: 't:y', group: ['s:x', 't:y'] }]);
    expect((await db.items.get('s:x' as ItemKey))?.unwanted).toBe(true);
    expect(await findDuplicates(db)).toEqual([]);
  });
});
