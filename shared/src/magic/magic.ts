import { captureDayKey } from '../index/capture-date';
import type { IndexItem } from '../index/item';

export type MagicItem = { key: string } & Pick<IndexItem, 'takenAt' | 'takenAtLocal' | 'addedAt' | 'liked'>;

/** Per-item viewing statistics (the extension's `stats` table). */
export interface ItemStats {
  key: string;
  views: number;
  likes: number;
  skips: number;
  opens: number;
  lastViewedAt: number | null;
}

export type MagicId = 'long-time-not-seen' | 'most-liked' | 'on-this-day' | 'recently-added' | 'never-viewed';

export interface MagicCollection {
  id: MagicId;
  title: string;
  description: string;
  keys: string[];
}

export interface MagicOptions {
  now: number;
  /** How many items each magic collection holds at most. */
  limit?: number;
  /** A view older than this makes an item "not seen for a long time". */
  notSeenDays?: number;
  /** Added within this many days counts as recent. */
  recentDays?: number;
}

const DAY = 86_400_000;

/** Month and day of capture where it was taken (index/capture-date.ts, the one rule). */
const monthDay = (item: MagicItem) => captureDayKey(item.takenAt).slice(5, 10);
const yearOf = (item: MagicItem) => Number(captureDayKey(item.takenAt).slice(0, 4));

/**
 * The five magic collections, computed from the index and the statistics. Pure: the clock comes in as `now`.
 * `now` is read in UTC for "on this day".
 */
export function magicCollections(items: MagicItem[], stats: ItemStats[], opts: MagicOptions): MagicCollection[] {
  const limit = opts.limit ?? 500;
  const byKey = new Map(stats.map((s) => [s.key, s]));
  const statOf = (i: MagicItem) => byKey.get(i.key);
  const take = (list: MagicItem[]) => list.slice(0, limit).map((i) => i.key);

  const notSeenBefore = opts.now - (opts.notSeenDays ?? 180) * DAY;
  const longTimeNotSeen = items
    .filter((i) => {
      const s = statOf(i);
      return s !== undefined && s.views > 0 && s.lastViewedAt !== null && s.lastViewedAt <= notSeenBefore;
    })
    .sort((a, b) => (statOf(a)!.lastViewedAt ?? 0) - (statOf(b)!.lastViewedAt ?? 0));

  const likeScore = (i: MagicItem) => (statOf(i)?.likes ?? 0) + (i.liked ? 1 : 0);
  const mostLiked = items
    .filter((i) => likeScore(i) > 0)
    .sort((a, b) => likeScore(b) - likeScore(a) || (statOf(b)?.views ?? 0) - (statOf(a)?.views ?? 0));

  const today = new Date(opts.now).toISOString().slice(5, 10);
  const thisYear = new Date(opts.now).getUTCFullYear();
  const onThisDay = items
    .filter((i) => monthDay(i) === today && yearOf(i) < thisYear)
    .sort((a, b) => b.takenAt - a.takenAt);

  const recentSince = opts.now - (opts.recentDays ?? 30) * DAY;
  const recentlyAdded = items.filter((i) => i.addedAt >= recentSince).sort((a, b) => b.addedAt - a.addedAt);

  const neverViewed = items.filter((i) => (statOf(i)?.views ?? 0) === 0).sort((a, b) => b.takenAt - a.takenAt);

  return [
    {
      id: 'long-time-not-seen',
      title: 'Long time not seen',
      description: `Last viewed over ${opts.notSeenDays ?? 180} days ago`,
      keys: take(longTimeNotSeen),
    },
    {
      id: 'most-liked',
      title: 'Most liked',
      description: 'Liked most often in slideshows and the lightbox',
      keys: take(mostLiked),
    },
    {
      id: 'on-this-day',
      title: 'On this day',
      description: 'Taken on this day in earlier years',
      keys: take(onThisDay),
    },
    {
      id: 'recently-added',
      title: 'Recently added',
      description: `Indexed in the last ${opts.recentDays ?? 30} days`,
      keys: take(recentlyAdded),
    },
    {
      id: 'never-viewed',
      title: 'Never viewed',
      description: 'Not opened or shown in a slideshow yet',
      keys: take(neverViewed),
    },
  ];
}
