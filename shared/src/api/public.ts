import { z } from 'zod';
import { DeliveryDescriptor } from '../sharing/delivery';
import { Cursor, IsoTime, ItemId } from './common';
import { WallMode } from './events';
import { FEEDBACK_OFF, FeedbackSettings } from './feedback';
import { PublicProofing } from './proofing';
import { ShareDownloads, ShareKind, StatKind } from './shares';

/** What a viewer learns about a share before (and after) unlocking it. No owner identity, no internals. */
export const PublicShare = z.object({
  kind: ShareKind,
  title: z.string(),
  expiresAt: IsoTime.nullable(),
  allowDownload: z.boolean(),
  /** What guests may download (web size, web size + original); absent from portals older than download sizes. */
  downloads: ShareDownloads.optional(),
  requiresPasscode: z.boolean(),
  /** Whether the portal may stream items its guests cannot load directly (the owner can turn it off). */
  relay: z.boolean(),
  /** False while a passcode is required and not yet given. */
  unlocked: z.boolean(),
  itemCount: z.number().int().nullable(),
  /** Client proofing (galleries): null when off; absent from portals older than it. */
  proofing: PublicProofing.nullable().default(null),
  /** Whether viewers may comment and react (issue 23); absent from portals older than them. */
  feedback: FeedbackSettings.default(FEEDBACK_OFF),
});
export type PublicShare = z.infer<typeof PublicShare>;

export const UnlockBody = z.object({ passcode: z.string().min(1).max(128) }).strict();
/** Send back as the `X-Share-Unlock` header (a cookie is set as well for page loads). */
export const Unlocked = z.object({ unlockToken: z.string(), expiresAt: IsoTime });
export const UNLOCK_HEADER = 'x-share-unlock';
/**
 * D1 read replication: every public answer carries the newest D1 bookmark; the viewer sends it back with its next
 * request so a read replica never answers with data older than what this viewer already saw.
 */
export const D1_BOOKMARK_HEADER = 'x-d1-bookmark';

/**
 * An item's delivery as a viewer sees it: the direct forms, and whether the relay
 * (`/api/relay/{shares|events}/TOKEN/items/ID`) can serve it. The relay's source link itself stays in the portal.
 */
export const PublicDelivery = DeliveryDescriptor.omit({ relaySource: true, relayHeaders: true }).extend({
  relay: z.boolean(),
});
export type PublicDelivery = z.infer<typeof PublicDelivery>;

/** One item as a viewer sees it: delegated links the browser loads directly. */
export const PublicItem = z.object({
  id: ItemId,
  mediaType: z.enum(['image', 'video']),
  mimeType: z.string().nullable(),
  /** Wall-clock capture time at the place, in UTC form: format it with timeZone 'UTC' (index/capture-date.ts). */
  capturedAt: IsoTime.nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSec: z.number().nullable(),
  blurhash: z.string().nullable(),
  placeLabel: z.string().nullable(),
  originalUrl: z.string(),
  thumbnailUrl: z.string().nullable(),
  linkExpiresAt: IsoTime.nullable(),
  delivery: PublicDelivery.nullable(),
  /** Events only: who contributed the item. */
  contributorName: z.string().nullable(),
});
export type PublicItem = z.infer<typeof PublicItem>;
export const PublicItemPage = z.object({ items: z.array(PublicItem), nextCursor: Cursor });
export type PublicItemPage = z.infer<typeof PublicItemPage>;

export const PublicEvent = z.object({
  /** Lets a signed-in guest find their own contribution to this event (to see its decisions, or withdraw it). */
  id: z.string(),
  title: z.string(),
  startsAt: IsoTime,
  endsAt: IsoTime,
  contributionsEndAt: IsoTime.nullable(),
  expiresAt: IsoTime,
  acceptingContributions: z.boolean(),
  itemCount: z.number().int(),
  /** Whether viewers may comment and react (issue 23); absent from portals older than them. */
  feedback: FeedbackSettings.default(FEEDBACK_OFF),
});
export type PublicEvent = z.infer<typeof PublicEvent>;

/** What the live wall polls: the organizer's wall mode and the newest approved items, oldest approval first. */
export const PublicWall = z.object({
  title: z.string(),
  mode: WallMode,
  items: z.array(PublicItem),
});
export type PublicWall = z.infer<typeof PublicWall>;

export const StatEventsBody = z
  .object({
    events: z
      .array(z.object({ itemId: z.string().max(64), kind: StatKind }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export type StatEventsBody = z.infer<typeof StatEventsBody>;

export const DeadLinkBody = z
  .object({
    itemId: z.string().max(64),
    reason: z.enum(['not_found', 'forbidden', 'expired', 'network']).default('not_found'),
  })
  .strict();
