import { z } from 'zod';

/** Blob access tiers a cold source can store moved items in (Hot is where Azure puts a blob by default). */
export const BlobTier = z.enum(['Hot', 'Cool', 'Cold', 'Archive']);
export type BlobTier = z.infer<typeof BlobTier>;
export const ColdTier = BlobTier.exclude(['Hot']);
export type ColdTier = z.infer<typeof ColdTier>;

/** Tiering settings of one library: which sources are hot, which one is cold, and when an item counts as old. */
export const TieringRules = z
  .object({
    hotSourceIds: z.array(z.string().min(1)).min(1),
    coldSourceId: z.string().min(1),
    /** Where pinned cold items go back to; one of the hot sources. */
    warmSourceId: z.string().min(1),
    /** Captured more than this many months ago. */
    olderThanMonths: z.number().int().min(1).max(1200),
    /** And not opened, liked or shared for this many months. */
    idleMonths: z.number().int().min(1).max(1200),
    accessTier: ColdTier,
  })
  .refine((r) => !r.hotSourceIds.includes(r.coldSourceId), {
    message: 'The cold source cannot also be a hot source',
    path: ['coldSourceId'],
  })
  .refine((r) => r.hotSourceIds.includes(r.warmSourceId), {
    message: 'Pinned items go back to one of the hot sources',
    path: ['warmSourceId'],
  });
export type TieringRules = z.infer<typeof TieringRules>;

/** "Keep warm": an item is pinned when its key, one of its collections or one of its tags is listed. */
export const Pins = z.object({
  itemKeys: z.array(z.string()),
  collectionIds: z.array(z.string()),
  tags: z.array(z.string()),
});
export type Pins = z.infer<typeof Pins>;
export const noPins = (): Pins => ({ itemKeys: [], collectionIds: [], tags: [] });

/**
 * What the rule engine needs to know about one item. The extension derives it from the index, the stats
 * and the shares; dynamic collections are resolved to their members before the call, so this stays pure.
 */
export interface TierItem {
  key: string;
  sourceId: string;
  bytes: number;
  /** Capture time (epoch ms), the timeline's sort key. */
  takenAt: number;
  lastOpenedAt: number | null;
  lastLikedAt: number | null;
  lastSharedAt: number | null;
  tags: readonly string[];
  collectionIds: readonly string[];
  /** The item's Blob access tier when it sits in a Blob source (null: the account default, Hot). */
  blobTier: BlobTier | null;
}

export function isPinned(item: TierItem, pins: Pins): boolean {
  return (
    pins.itemKeys.includes(item.key) ||
    item.collectionIds.some((c) => pins.collectionIds.includes(c)) ||
    item.tags.some((t) => pins.tags.includes(t))
  );
}

/** The same instant `months` calendar months earlier (UTC); the 31st falls back to the month's last day. */
export function monthsBefore(now: number, months: number): number {
  const d = new Date(now);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.getTime();
}

/** Old and idle: captured before the age cutoff and not opened, liked or shared since the idle cutoff. */
export function isColdCandidate(item: TierItem, rules: TieringRules, now: number): boolean {
  if (item.takenAt >= monthsBefore(now, rules.olderThanMonths)) return false;
  const idleSince = monthsBefore(now, rules.idleMonths);
  return [item.lastOpenedAt, item.lastLikedAt, item.lastSharedAt].every((at) => at === null || at < idleSince);
}
