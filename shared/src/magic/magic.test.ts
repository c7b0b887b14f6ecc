import { describe, expect, it } from 'vitest';
import { makeIndexItem } from '../filter/item-factory';
import { type ItemStats, type MagicId, magicCollections } from './magic';

const DAY = 86_400_000;
const now = Date.parse('2026-11-22T12:00:00Z');
const item = (id: string, takenAtLocal: string, addedDaysAgo: number, liked = false) =>
  makeIndexItem({
    providerItemId: id,
    takenAtLocal,
    takenAt: Date.parse(`${takenAtLocal}Z`),
    addedAt: now - addedDaysAgo * DAY,
    liked,
  });
const stat = (key: string, s: Partial<ItemStats>): ItemStats => ({
  key,
  views: 0,
  likes: 0,
  skips: 0,
  opens: 0,
  lastViewedAt: null,
  ...s,
});

const items = [
  item('old-birthday', '2019-11-22T09:00:00', 400),
  item('last-year', '2025-11-22T23:30:00', 300, true),
  item('today', '2026-11-22T08:00:00', 0),
  item('summer', '2024-07-14T18:00:00', 10),
];
const [oldBirthday, lastYear, today, summer] = items.map((i) => i.key);
const stats = [
  stat(oldBirthday!, { views: 3, likes: 2, lastViewedAt: now - 400 * DAY }),
  stat(lastYear!, { views: 9, likes: 2, lastViewedAt: now - 2 * DAY }),
  stat(summer!, { views: 1, skips: 1, lastViewedAt: now - 200 * DAY }),
];
const get = (id: MagicId) => magicCollections(items, stats, { now }).find((c) => c.id === id)!.keys;

describe('magic collections', () => {
  it('long time not seen: viewed before, not for 180 days, oldest view first', () => {
    expect(get('long-time-not-seen')).toEqual([oldBirthday, summer]);
  });
  it('most liked: likes plus the liked flag, ties broken by views', () => {
    expect(get('most-liked')).toEqual([lastYear, oldBirthday]);
  });
  it('on this day: same month and day by the local capture clock, earlier years, newest first', () => {
    expect(get('on-this-day')).toEqual([lastYear, oldBirthday]);
  });
  it('recently added: the last 30 days, newest first', () => {
    expect(get('recently-added')).toEqual([today, summer]);
  });
  it('never viewed: no views recorded', () => {
    expect(get('never-viewed')).toEqual([today]);
  });
  it('respects the limit', () => {
    expect(magicCollections(items, stats, { now, limit: 1 }).every((c) => c.keys.length <= 1)).toBe(true);
  });
});
