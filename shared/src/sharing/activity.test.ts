import { describe, expect, it } from 'vitest';
import {
  badgeText,
  type ContributionEntry,
  closesIn,
  closingSoon,
  contributionKey,
  type ExpiringShare,
  markAllSeen,
  newContributions,
  pruneSeen,
} from './activity';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 11, 4, 12);

const entry = (itemId: string, queuedAt: number | null = now): ContributionEntry => ({
  itemId,
  eventId: 'ev1',
  eventTitle: 'Wedding',
  contributorName: 'Carol Guest',
  mediaType: 'image',
  thumbnailUrl: null,
  originalUrl: `https://example.test/${itemId}`,
  queuedAt,
});
const share = (id: string, expiresAt: number | null, more: Partial<ExpiringShare> = {}): ExpiringShare => ({
  id,
  title: `Gallery ${id}`,
  kind: 'gallery',
  state: 'active',
  expiresAt,
  ...more,
});

describe('closesIn', () => {
  it('says days (rounded), hours, or within the hour; nothing once past', () => {
    expect(closesIn(now + 2 * DAY, now)).toBe('Closes in 2 days');
    // A reminder read a few seconds after "two days from now" was set still says two days.
    expect(closesIn(now + 2 * DAY - 5_000, now)).toBe('Closes in 2 days');
    expect(closesIn(now + DAY + HOUR, now)).toBe('Closes in 1 day');
    expect(closesIn(now + 5 * HOUR + 10 * 60_000, now)).toBe('Closes in 5 hours');
    expect(closesIn(now + HOUR, now)).toBe('Closes in 1 hour');
    expect(closesIn(now + 59 * 60_000, now)).toBe('Closes within the hour');
    expect(closesIn(now, now)).toBeNull();
    expect(closesIn(now - DAY, now)).toBeNull();
  });
});

describe('closingSoon', () => {
  it("keeps the owner's active shares ending within three days, soonest first", () => {
    const reminders = closingSoon(
      [
        share('later', now + 3 * DAY + HOUR),
        share('two', now + 2 * DAY),
        share('hours', now + 5 * HOUR),
        share('never', null),
        share('past', now - HOUR),
        share('revoked', now + DAY, { state: 'revoked' }),
        share('event', now + DAY, { kind: 'event' }),
        share('three', now + 3 * DAY, { kind: 'link' }),
      ],
      now,
    );
    expect(reminders.map((r) => [r.shareId, r.label])).toEqual([
      ['hours', 'Closes in 5 hours'],
      ['two', 'Closes in 2 days'],
      ['three', 'Closes in 3 days'],
    ]);
  });

  it('gives a reminder a new key when its day count changes, so it is recalled once a day', () => {
    const s = [share('g', now + 2 * DAY)];
    const today = closingSoon(s, now)[0]!.key;
    expect(closingSoon(s, now + HOUR)[0]!.key).toBe(today);
    expect(closingSoon(s, now + DAY)[0]!.key).not.toBe(today);
  });

  it('takes a custom window', () => {
    expect(closingSoon([share('g', now + 5 * DAY)], now, 7)).toHaveLength(1);
    expect(closingSoon([share('g', now + 5 * DAY)], now)).toHaveLength(0);
  });
});

describe('new contributions and the badge', () => {
  it('counts unseen contributions and unseen reminders, one each', () => {
    const entries = [entry('a'), entry('b')];
    const reminders = closingSoon([share('g', now + 2 * DAY)], now);
    expect(badgeText(entries, reminders, new Set())).toBe('3');
    expect(badgeText(entries, [], new Set([contributionKey('a')]))).toBe('1');
    expect(badgeText([], [], new Set())).toBe('');
  });

  it('caps the badge at 99+', () => {
    const many = Array.from({ length: 120 }, (_, i) => entry(`i${i}`));
    expect(badgeText(many, [], new Set())).toBe('99+');
    expect(badgeText(many.slice(0, 99), [], new Set())).toBe('99');
  });

  it('lists what is new newest first, unknown arrival times last', () => {
    const list = newContributions(
      [entry('old', now - DAY), entry('unknown', null), entry('new', now), entry('seen', now)],
      new Set([contributionKey('seen')]),
    );
    expect(list.map((e) => e.itemId)).toEqual(['new', 'old', 'unknown']);
  });

  it('opening the list sees everything shown: the badge clears', () => {
    const entries = [entry('a')];
    const reminders = closingSoon([share('g', now + 2 * DAY)], now);
    const seen = new Set(markAllSeen(entries, reminders, new Set()));
    expect(badgeText(entries, reminders, seen)).toBe('');
    expect(newContributions(entries, seen)).toEqual([]);
    // A contribution arriving afterwards is new; so is tomorrow's reminder of the same gallery.
    expect(badgeText([...entries, entry('b')], reminders, seen)).toBe('1');
    expect(badgeText(entries, closingSoon([share('g', now + 2 * DAY)], now + DAY), seen)).toBe('1');
  });

  it('forgets seen-keys of decided items and past reminders; an item back in the queue is new again', () => {
    const reminders = closingSoon([share('g', now + 2 * DAY)], now);
    const seen = markAllSeen([entry('a'), entry('b')], reminders, new Set());
    const kept = pruneSeen(seen, [entry('b')], []);
    expect(kept).toEqual([contributionKey('b')]);
    expect(badgeText([entry('a'), entry('b')], [], new Set(kept))).toBe('1');
  });
});
