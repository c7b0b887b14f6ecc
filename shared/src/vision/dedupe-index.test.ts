import { describe, expect, it } from 'vitest';
import { type DuplicateGroup, duplicateGroupsBruteForce, type HashedItem } from './dedupe';
import { duplicateGroups, NearDuplicateIndex, PROGRESS_EVERY } from './dedupe-index';
import { flipBits, randomHash, seeded } from './hash-fixtures';

/**
 * A library of "pictures" and copies of them. A copy's hashes are the original's with a few bits flipped, sometimes
 * taken from a flipped variant (a mirrored copy) or a turned centre square (a rotated copy); some copies share bytes
 * (same SHA-256), some items lack centre hashes or any hash. Bit counts straddle both thresholds.
 */
function library(seed: number, n: number): HashedItem[] {
  const next = seeded(seed);
  const items: HashedItem[] = [];
  while (items.length < n) {
    const variants = Array.from({ length: 8 }, () => randomHash(next));
    const rotations = Array.from({ length: 18 }, () => randomHash(next));
    const centre = randomHash(next);
    const sha = randomHash(next);
    const copies = next() % 4;
    for (let c = 0; c <= copies && items.length < n; c++) {
      const key = `k${(next() % 1_000_000).toString().padStart(6, '0')}-${items.length}`;
      if (next() % 15 === 0) {
        items.push({ key, sha256: null, phash: null });
        continue;
      }
      const from = c === 0 ? 0 : next() % 3 === 0 ? 1 + (next() % 7) : 0;
      const bits = () => (c === 0 ? 0 : next() % 16);
      const plain = flipBits(variants[from] as string, bits(), next);
      const item: HashedItem = {
        key,
        sha256: c > 0 && next() % 5 === 0 ? sha : randomHash(next),
        phash: plain,
        phashVariants: next() % 10 === 0 ? null : [plain, ...variants.slice(1).map((v) => flipBits(v, bits(), next))],
      };
      if (next() % 6 !== 0) {
        const turned = c > 0 && next() % 3 === 0 ? (rotations[next() % 18] as string) : centre;
        item.centreHash = flipBits(turned, bits(), next);
        item.rotationHashes = rotations.map((r) => flipBits(r, bits(), next));
      }
      items.push(item);
    }
  }
  return items;
}

/** Order-free form of a grouping, for comparing the two methods. */
const canonical = (groups: DuplicateGroup[]) => groups.map((g) => `${g.kind}:${[...g.keys].sort().join(',')}`).sort();

describe('indexed near-duplicate grouping', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`returns the brute-force groups on random library ${seed}`, () => {
      const items = library(seed, 150);
      for (const maxDistance of [10, 6, 12]) {
        const expected = canonical(duplicateGroupsBruteForce(items, maxDistance));
        expect(expected.some((g) => g.startsWith('near:'))).toBe(true);
        expect(canonical(duplicateGroups(items, maxDistance))).toEqual(expected);
      }
    }, 60_000);
  }

  it('stays equal to brute force as items are added, replaced and removed one at a time', () => {
    const items = library(11, 160);
    const index = new NearDuplicateIndex();
    const held = new Map<string, HashedItem>();
    const next = seeded(99);
    for (const [i, item] of items.entries()) {
      index.upsert(item);
      held.set(item.key, item);
      if (i % 10 === 9) {
        const victim = items[next() % (i + 1)] as HashedItem;
        index.remove(victim.key);
        held.delete(victim.key);
      }
      if (i % 25 === 24) {
        // Re-analysed: the same key comes back with another item's hashes.
        const donor = items[next() % (i + 1)] as HashedItem;
        const changed = { ...donor, key: item.key, sha256: item.sha256 };
        index.upsert(changed);
        held.set(item.key, changed);
      }
      if (i % 40 === 39)
        expect(canonical(index.groups())).toEqual(canonical(duplicateGroupsBruteForce([...held.values()])));
    }
    expect(index.size).toBe(held.size);
  }, 60_000);

  it("adds a batch to a non-empty index without missing pairs matched through the held items' variants", () => {
    const items = library(21, 200);
    const index = new NearDuplicateIndex({ expectedItems: 200 });
    index.addAll(items.slice(0, 100));
    index.addAll(items.slice(100));
    // Same groups as one batch of everything (which the tests above tie to comparing all pairs).
    expect(canonical(index.groups())).toEqual(canonical(duplicateGroups(items)));
  });

  it('sorts groups by their first key, exact groups first', () => {
    const groups = duplicateGroups([
      { key: 'z', sha256: 's', phash: 'ffffffffffffffff' },
      { key: 'y', sha256: 's', phash: 'ffffffffffffffff' },
      { key: 'b', sha256: null, phash: '0000000000000001' },
      { key: 'a', sha256: null, phash: '0000000000000000' },
      { key: 'c', sha256: null, phash: 'fffffffffffffff0' },
    ]);
    expect(groups).toEqual([
      { kind: 'exact', keys: ['y', 'z'] },
      { kind: 'near', keys: ['a', 'b'] },
      { kind: 'near', keys: ['c', 'y', 'z'] },
    ]);
  });

  it('keeps items with malformed hashes to exact matching and names them', () => {
    const index = new NearDuplicateIndex();
    index.upsert({ key: 'a', sha256: 'x', phash: 'not-a-hash' });
    index.upsert({ key: 'b', sha256: 'x', phash: '0000000000000000', phashVariants: ['000000000000000'] });
    index.upsert({ key: 'c', sha256: null, phash: '0000000000000000', centreHash: 'zz' });
    index.upsert({ key: 'd', sha256: null, phash: '0000000000000000' });
    expect(index.malformed).toEqual(['a', 'b', 'c']);
    expect(index.groups()).toEqual([
      { kind: 'exact', keys: ['a', 'b'] },
      { kind: 'near', keys: ['c', 'd'] },
    ]);
    // b's plain hash still matches; only its malformed variant list is dropped.
    expect(index.nearOf('d')).toEqual(['b', 'c']);
  });

  it('rejects a threshold outside 0–64', () => {
    expect(() => new NearDuplicateIndex({ maxDistance: 65 })).toThrow(/maxDistance/);
  });

  it('reports progress while adding, in one batch and to a non-empty index, without changing the groups', () => {
    const items = library(7, 1_200);
    const first = items.slice(0, 1_100);
    const index = new NearDuplicateIndex();
    const batch: number[] = [];
    index.addAll([...first, { key: 'nohash', sha256: null, phash: null }], (n) => batch.push(n));
    const steps = (n: number) => [
      ...Array.from({ length: Math.floor(n / PROGRESS_EVERY) }, (_, i) => (i + 1) * PROGRESS_EVERY),
      n,
    ];
    expect(batch).toEqual(steps(1_101));
    const more: number[] = [];
    index.addAll(items.slice(1_100), (n) => more.push(n));
    expect(more).toEqual(steps(100));
    index.remove('nohash');
    // Same groups as one batch of everything (which the tests above tie to comparing all pairs).
    expect(canonical(index.groups())).toEqual(canonical(duplicateGroups(items)));
  });
});
