import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { type DuplicateGroup, duplicateGroupsBruteForce, type HashedItem } from '@hypomos/shared/vision/dedupe';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { HypomosDb } from '../../db';
import type { VisionFeaturesRow } from './rows';
import { type DuplicatesProgress, findDuplicates, keepInGroups, undoKeep } from './dupes';

const item = (id: string, over: Partial<IndexItem> = {}): IndexItem =>
  makeIndexItem({ sourceId: 's', providerItemId: id, mediaType: 'image', ...over });

const features = (key: string, over: Partial<VisionFeaturesRow>): VisionFeaturesRow => ({
  key,
  phashVariants: [],
  centreHash: 'ffffffffffffffff',
  rotationHashes: [],
  objectScores: {},
  faceCount: 0,
  thumbWidth: 100,
  thumbHeight: 100,
  analyzedAt: 0,
  ...over,
});

/** The same review computed by comparing all pairs, from what the database holds now. */
async function bruteForce(db: HypomosDb): Promise<string[]> {
  const f = new Map((await db.visionFeatures.toArray()).map((r) => [r.key, r]));
  const items: HashedItem[] = (await db.items.toArray())
    .filter((i) => !i.unwanted)
    .map((i) => ({
      key: i.key,
      sha256: i.sha256,
      contentHashes: i.contentHashes,
      phash: i.phash,
      phashVariants: f.get(i.key)?.phashVariants ?? null,
      centreHash: f.get(i.key)?.centreHash ?? null,
      rotationHashes: f.get(i.key)?.rotationHashes ?? null,
    }));
  return canonical(duplicateGroupsBruteForce(items));
}
const canonical = (groups: DuplicateGroup[]) => groups.map((g) => `${g.kind}:${g.keys.join(',')}`).sort();

describe('duplicate finder (Dexie over fake-indexeddb)', () => {
  let db: HypomosDb;
  beforeEach(() => {
    db = new HypomosDb(`dupes-test-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  });

  it('follows newly analysed, re-analysed and unwanted items between reviews like a full recount', async () => {
    await db.items.bulkPut([
      item('a', { phash: '0000000000000000' }),
      item('b', { phash: '0000000000000007' }),
      item('c', { phash: 'f0f0f0f0f0f0f0f0' }),
    ]);
    expect(await findDuplicates(db)).toEqual([{ kind: 'near', keys: ['s:a', 's:b'] }]);

    // Newly analysed: d is a mirrored copy of c, found only through c's flip variant.
    await db.items.put(item('d', { phash: '0f0f0f0f0f0f0f0f' }));
    await db.visionFeatures.put(features('s:c', { phashVariants: ['f0f0f0f0f0f0f0f0', '0f0f0f0f0f0f0f0e'] }));
    expect(canonical(await findDuplicates(db))).toEqual(['near:s:a,s:b', 'near:s:c,s:d']);
    expect(canonical(await findDuplicates(db))).toEqual(await bruteForce(db));

    // Re-analysed: b's hash moved away from a.
    await db.items.update('s:b' as ItemKey, { phash: 'ffff00000000ffff' });
    expect(await findDuplicates(db)).toEqual([{ kind: 'near', keys: ['s:c', 's:d'] }]);

    // Reviewed: keeping d marks c unwanted, and the group does not come back.
    await keepInGroups(db, [{ keep: 's:d', group: ['s:c', 's:d'] }]);
    expect(await findDuplicates(db)).toEqual([]);
    expect(canonical(await findDuplicates(db))).toEqual(await bruteForce(db));

    // Undone (the toast's Undo after a bulk keep): the group is back, both copies wanted.
    await undoKeep(db, [['s:c', 's:d']]);
    expect(await findDuplicates(db)).toEqual([{ kind: 'near', keys: ['s:c', 's:d'] }]);
    await keepInGroups(db, [{ keep: 's:c', group: ['s:c', 's:d'] }]);
    expect((await db.items.get('s:d' as ItemKey))?.unwanted).toBe(true);
    expect((await db.items.get('s:c' as ItemKey))?.unwanted).toBe(false);
  });

  it('finds a turned copy through the centre-square hashes and an exact copy by provider hash', async () => {
    await db.items.bulkPut([
      item('p', { phash: '0123456789abcdef' }),
      item('q', { phash: 'fedcba9876543210' }),
      item('r', { phash: 'aaaaaaaaaaaaaaaa', contentHashes: { md5: 'M' } }),
      item('r2', { sourceId: 't', key: 't:r2' as ItemKey, phash: 'aaaaaaaaaaaaaaaa', contentHashes: { md5: 'm' } }),
    ]);
    await db.visionFeatures.bulkPut([
      features('s:p', { centreHash: '1111111111111111', rotationHashes: ['2222222222222222'] }),
      features('s:q', { centreHash: '2222222222222223' }),
    ]);
    expect(canonical(await findDuplicates(db))).toEqual(['exact:s:r,t:r2', 'near:s:p,s:q']);
    expect(canonical(await findDuplicates(db))).toEqual(await bruteForce(db));
  });

  it('reports reading, then indexing up to every changed item, then grouping; a second review indexes nothing', async () => {
    const many = Array.from({ length: 1_200 }, (_, n) => item(`m${n}`, { phash: n.toString(16).padStart(16, '0') }));
    await db.items.bulkPut([...many, item('nohash')]);
    const seen: DuplicatesProgress[] = [];
    await findDuplicates(db, (p) => seen.push({ ...p }));
    expect(seen[0]).toEqual({ phase: 'reading', done: 0, total: 1_201 });
    const indexing = seen.filter((p) => p.phase === 'indexing');
    expect(indexing.map((p) => p.done)).toEqual([0, 500, 1_000, 1_201]);
    expect(indexing.every((p) => p.total === 1_201)).toBe(true);
    expect(seen.at(-1)).toEqual({ phase: 'grouping', done: 1_201, total: 1_201 });

    seen.length = 0;
    await findDuplicates(db, (p) => seen.push({ ...p }));
    expect(seen.filter((p) => p.phase === 'indexing')).toEqual([
      { phase: 'indexing', done: 0, total: 0 },
      { phase: 'indexing', done: 0, total: 0 },
    ]);
  }, 30_000); // 1,200 items through fake-indexeddb: seconds on a loaded CI machine
});
