import { describe, expect, it } from 'vitest';
import { isColdCandidate, isPinned, monthsBefore, noPins, TieringRules } from './rules';
import { tierItem } from './test-factory';

const at = (iso: string) => Date.parse(iso);
const rules = TieringRules.parse({
  hotSourceIds: ['od'],
  coldSourceId: 'blob',
  warmSourceId: 'od',
  olderThanMonths: 24,
  idleMonths: 6,
  accessTier: 'Cold',
});
const now = at('2026-12-03T12:00:00Z');

describe('monthsBefore', () => {
  it('counts calendar months and clamps to the last day of a shorter month', () => {
    expect(monthsBefore(at('2026-12-03T12:00:00Z'), 24)).toBe(at('2024-12-03T12:00:00Z'));
    expect(monthsBefore(at('2026-03-31T08:00:00Z'), 1)).toBe(at('2026-02-28T08:00:00Z'));
    expect(monthsBefore(at('2024-03-31T08:00:00Z'), 1)).toBe(at('2024-02-29T08:00:00Z'));
    expect(monthsBefore(at('2026-01-15T00:00:00Z'), 13)).toBe(at('2024-12-15T00:00:00Z'));
  });
});

describe('isColdCandidate', () => {
  it('takes an item older than N months that nobody opened, liked or shared in M months', () => {
    expect(isColdCandidate(tierItem({ takenAt: at('2020-01-01T00:00:00Z') }), rules, now)).toBe(true);
  });
  it('leaves a recent item, and an old one opened, liked or shared lately', () => {
    const old = at('2020-01-01T00:00:00Z');
    const lately = at('2026-10-01T00:00:00Z');
    expect(isColdCandidate(tierItem({ takenAt: at('2025-06-01T00:00:00Z') }), rules, now)).toBe(false);
    expect(isColdCandidate(tierItem({ takenAt: old, lastOpenedAt: lately }), rules, now)).toBe(false);
    expect(isColdCandidate(tierItem({ takenAt: old, lastLikedAt: lately }), rules, now)).toBe(false);
    expect(isColdCandidate(tierItem({ takenAt: old, lastSharedAt: lately }), rules, now)).toBe(false);
    expect(isColdCandidate(tierItem({ takenAt: old, lastSharedAt: at('2025-01-01T00:00:00Z') }), rules, now)).toBe(
      true,
    );
  });
});

describe('isPinned', () => {
  it('pins by item, collection or tag', () => {
    const item = tierItem({ key: 'od:1', tags: ['family'], collectionIds: ['c1'] });
    expect(isPinned(item, noPins())).toBe(false);
    expect(isPinned(item, { ...noPins(), itemKeys: ['od:1'] })).toBe(true);
    expect(isPinned(item, { ...noPins(), collectionIds: ['c1'] })).toBe(true);
    expect(isPinned(item, { ...noPins(), tags: ['family'] })).toBe(true);
  });
});

describe('TieringRules', () => {
  it('refuses a cold source that is also hot, and a warm source that is not hot', () => {
    const base = { hotSourceIds: ['od'], coldSourceId: 'blob', warmSourceId: 'od', olderThanMonths: 12 };
    expect(TieringRules.safeParse({ ...base, idleMonths: 6, accessTier: 'Cool' }).success).toBe(true);
    expect(TieringRules.safeParse({ ...base, coldSourceId: 'od', idleMonths: 6, accessTier: 'Cool' }).success).toBe(
      false,
    );
    expect(TieringRules.safeParse({ ...base, warmSourceId: 'gd', idleMonths: 6, accessTier: 'Cool' }).success).toBe(
      false,
    );
    expect(TieringRules.safeParse({ ...base, idleMonths: 6, accessTier: 'Hot' }).success).toBe(false);
  });
});
