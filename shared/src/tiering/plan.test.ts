import { describe, expect, it } from 'vitest';
import { applyPlan, planTiering, type SourceKindForPrice } from './plan';
import { DEFAULT_PRICES, GIB } from './prices';
import { isPinned, noPins, type Pins, TieringRules, type TierItem } from './rules';
import { tierItem } from './test-factory';

const now = Date.parse('2026-12-03T12:00:00Z');
const rules = TieringRules.parse({
  hotSourceIds: ['od', 'gd'],
  coldSourceId: 'blob',
  warmSourceId: 'od',
  olderThanMonths: 24,
  idleMonths: 6,
  accessTier: 'Cold',
});
const kinds = new Map<string, SourceKindForPrice>([
  ['od', 'onedrive'],
  ['gd', 'gdrive'],
  ['blob', 'azblob'],
  ['nas', 'local'],
]);

describe('planTiering', () => {
  it('moves old idle items to the cold tier, brings pinned cold items back, and prices both sides', () => {
    const items = [
      tierItem({ key: 'od:old', bytes: GIB }),
      tierItem({ key: 'gd:old', sourceId: 'gd', bytes: 2 * GIB }),
      tierItem({ key: 'od:new', takenAt: Date.parse('2026-11-01T00:00:00Z'), bytes: GIB }),
      tierItem({ key: 'od:pinned', tags: ['keep'], bytes: GIB }),
      tierItem({ key: 'blob:back', sourceId: 'blob', tags: ['keep'], blobTier: 'Archive', bytes: GIB }),
      tierItem({ key: 'blob:stays', sourceId: 'blob', blobTier: 'Cold', bytes: GIB }),
      tierItem({ key: 'nas:old', sourceId: 'nas', bytes: GIB }),
    ];
    const plan = planTiering(items, rules, { ...noPins(), tags: ['keep'] }, kinds, DEFAULT_PRICES, now);
    expect(plan.moves.map((m) => [m.key, m.to, m.direction, m.tier, m.needsRehydration])).toEqual([
      ['od:old', 'blob', 'to-cold', 'Cold', false],
      ['gd:old', 'blob', 'to-cold', 'Cold', false],
      ['blob:back', 'od', 'to-warm', null, true],
    ]);
    expect(plan.keptByPins).toBe(1);
    const od = DEFAULT_PRICES.onedrive;
    const gd = DEFAULT_PRICES.gdrive;
    const { Archive, Cold } = DEFAULT_PRICES.azblob;
    expect(plan.monthlyCostBefore).toBeCloseTo(3 * od + 2 * gd + Archive + Cold, 10);
    expect(plan.monthlyCostAfter).toBeCloseTo(3 * od + 4 * Cold, 10);
    expect(plan.after.find((t) => t.sourceId === 'blob')).toMatchObject({ items: 3, bytes: 4 * GIB });
    expect(plan.after.find((t) => t.sourceId === 'gd')).toMatchObject({ items: 0, bytes: 0 });
  });
});

/** mulberry32: a tiny seeded generator, so a failing library can be rebuilt from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLibrary(seed: number): { items: TierItem[]; pins: Pins } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const sometime = () => (r() < 0.3 ? null : now - Math.floor(r() * 10 * 365 * 86_400_000));
  const tags = ['a', 'b', 'c', 'd'];
  const collections = ['c1', 'c2', 'c3'];
  const items = Array.from({ length: 1 + Math.floor(r() * 120) }, (_, i) => {
    const sourceId = pick(['od', 'gd', 'blob', 'nas']);
    return tierItem({
      key: `${sourceId}:${i}`,
      sourceId,
      bytes: Math.floor(r() * 50_000_000),
      takenAt: now - Math.floor(r() * 10 * 365 * 86_400_000),
      lastOpenedAt: sometime(),
      lastLikedAt: sometime(),
      lastSharedAt: sometime(),
      tags: tags.filter(() => r() < 0.2),
      collectionIds: collections.filter(() => r() < 0.2),
      blobTier: sourceId === 'blob' ? pick(['Hot', 'Cool', 'Cold', 'Archive', null] as const) : null,
    });
  });
  const pins: Pins = {
    itemKeys: items.filter(() => r() < 0.1).map((i) => i.key),
    collectionIds: collections.filter(() => r() < 0.3),
    tags: tags.filter(() => r() < 0.3),
  };
  return { items, pins };
}

describe('planTiering over random libraries', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it('never sends a pinned item to cold storage, and only brings pinned items back', () => {
    for (const seed of seeds) {
      const { items, pins } = randomLibrary(seed);
      const byKey = new Map(items.map((i) => [i.key, i]));
      for (const m of planTiering(items, rules, pins, kinds, DEFAULT_PRICES, now).moves) {
        const pinned = isPinned(byKey.get(m.key)!, pins);
        expect({ seed, key: m.key, pinned }).toEqual({ seed, key: m.key, pinned: m.direction === 'to-warm' });
      }
    }
  });

  it('finds nothing to move once its plan has run', () => {
    for (const seed of seeds) {
      const { items, pins } = randomLibrary(seed);
      const first = planTiering(items, rules, pins, kinds, DEFAULT_PRICES, now);
      const second = planTiering(applyPlan(items, first), rules, pins, kinds, DEFAULT_PRICES, now);
      expect({ seed, moves: second.moves }).toEqual({ seed, moves: [] });
      expect(second.monthlyCostBefore).toBeCloseTo(first.monthlyCostAfter, 6);
    }
  });

  it('keeps every item and every byte: totals before and after add up to the same library', () => {
    for (const seed of seeds) {
      const { items, pins } = randomLibrary(seed);
      const plan = planTiering(items, rules, pins, kinds, DEFAULT_PRICES, now);
      const count = (ts: typeof plan.before) => ts.reduce((a, t) => a + t.items, 0);
      const bytes = (ts: typeof plan.before) => ts.reduce((a, t) => a + t.bytes, 0);
      expect(count(plan.after)).toBe(items.length);
      expect(bytes(plan.after)).toBe(bytes(plan.before));
    }
  });
});
