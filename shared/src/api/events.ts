import { z } from 'zod';
import { PlainText } from './plain-text';
import { BulkReason, CollectionId, EventId, IsoTime, ItemId } from './common';
import { FEEDBACK_OFF, FeedbackSettings } from './feedback';
import { ItemPreview } from './preview';

export const CreateEventBody = z
  .object({
    title: PlainText(1, 200),
    startsAt: IsoTime,
    endsAt: IsoTime,
    /** After this, guests cannot contribute any more (null: until expiry). */
    contributionsEndAt: IsoTime.nullable().default(null),
    expiresAt: IsoTime,
  })
  .strict()
  .refine((e) => Date.parse(e.endsAt) >= Date.parse(e.startsAt), {
    message: 'The event ends before it starts.',
    path: ['endsAt'],
  })
  .refine((e) => Date.parse(e.expiresAt) >= Date.parse(e.endsAt), {
    message: 'The event expires before it ends.',
    path: ['expiresAt'],
  });
export type CreateEventBody = z.input<typeof CreateEventBody>;

/** The live wall: showing (live), holding its current photo (paused), or showing no photo at all (hidden). */
export const WallMode = z.enum(['live', 'paused', 'hidden']);
export type WallMode = z.infer<typeof WallMode>;
export const WallModeBody = z.object({ mode: WallMode }).strict();

export const EventInfo = z.object({
  id: EventId,
  title: z.string(),
  startsAt: IsoTime,
  endsAt: IsoTime,
  contributionsEndAt: IsoTime.nullable(),
  expiresAt: IsoTime,
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: IsoTime,
  wallMode: WallMode,
  /** Comments and reactions (issue 23); absent from portals older than them. */
  feedback: FeedbackSettings.default(FEEDBACK_OFF),
});
export type EventInfo = z.infer<typeof EventInfo>;

/** The organizer's activity badge (issue 23): guests' items waiting for a decision, per open event, newest first. */
export const Activity = z.object({
  pending: z.number().int(),
  events: z.array(z.object({ eventId: EventId, title: z.string(), pending: z.number().int(), newestAt: IsoTime })),
});
export type Activity = z.infer<typeof Activity>;

/** Token, link and QR code addresses are shown once, at creation. */
export const EventCreated = z.object({
  event: EventInfo,
  token: z.string(),
  url: z.string(),
  qrSvgUrl: z.string(),
  qrPngUrl: z.string(),
});
export type EventCreated = z.infer<typeof EventCreated>;

export const ApprovalState = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export type ApprovalState = z.infer<typeof ApprovalState>;

export const QueueQuery = z.object({
  state: ApprovalState.optional(),
  /** Only this guest's items (a user id, as listed by the event's guests). */
  contributorId: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
/** What a viewer sees of an item: an approval covers exactly these fields. */
export const VisibleVersion = z.object({
  mediaType: z.enum(['image', 'video']),
  mimeType: z.string().nullable(),
  capturedAt: IsoTime.nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  durationSec: z.number().nullable(),
  blurhash: z.string().nullable(),
  placeLabel: z.string().nullable(),
  originalUrl: z.string(),
  thumbnailUrl: z.string().nullable(),
  contentHash: z.string().nullable(),
});
export type VisibleVersion = z.infer<typeof VisibleVersion>;

export const QueueEntry = z.object({
  itemId: ItemId,
  contributionId: z.string(),
  contributorName: z.string(),
  state: ApprovalState,
  mediaType: z.enum(['image', 'video']),
  thumbnailUrl: z.string().nullable(),
  originalUrl: z.string(),
  capturedAt: IsoTime.nullable(),
  placeLabel: z.string().nullable(),
  /** When the item entered its current state: for a pending item, when it arrived (or changed after approval). */
  queuedAt: IsoTime,
  /** The pictures a guest's grid would show for the current version. */
  preview: ItemPreview,
  /** Set when the contributor changed the item after it was approved: it is pending again until decided anew. */
  changedSinceApproval: z.boolean(),
  /** Approved by the guest's trust rather than by the organizer (on arrival, or again after a change). */
  autoApproved: z.boolean(),
  /** For a changed item: the version the organizer approved, and each visible field that differs now. */
  approved: VisibleVersion.nullable(),
  changes: z.array(
    z.object({
      field: VisibleVersion.keyof(),
      approved: z.union([z.string(), z.number()]).nullable(),
      now: z.union([z.string(), z.number()]).nullable(),
    }),
  ),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

export const DecisionsBody = z
  .object({
    decisions: z
      .array(z.object({ itemId: z.string().max(64), decision: z.enum(['approve', 'reject', 'reopen']) }).strict())
      .min(1)
      .max(500),
  })
  .strict();
export type DecisionsBody = z.infer<typeof DecisionsBody>;

export const ApprovalResult = z.object({
  itemId: z.string(),
  status: z.enum(['applied', 'rejected']),
  state: ApprovalState.nullable(),
  reason: BulkReason.nullable(),
});
export type ApprovalResult = z.infer<typeof ApprovalResult>;
export const ApprovalResults = z.object({ results: z.array(ApprovalResult) });

/** How many items are in each approval state (a contribution's, or one guest's across an event). */
export const ApprovalCounts = z.object({
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  withdrawn: z.number().int(),
});
export type ApprovalCounts = z.infer<typeof ApprovalCounts>;

export const ContributeBody = z.object({ eventToken: z.string().max(100), collectionId: z.string().max(64) }).strict();
export const Contribution = z.object({
  id: z.string(),
  eventId: EventId,
  eventTitle: z.string(),
  collectionId: CollectionId,
  withdrawn: z.boolean(),
  counts: ApprovalCounts,
  createdAt: IsoTime,
});
export type Contribution = z.infer<typeof Contribution>;
/** The organizer's decision on each item of my contribution, so the contributor's device can show it. */
export const ContributionItems = z.object({
  items: z.array(z.object({ itemId: z.string(), state: ApprovalState, preview: ItemPreview })),
});
export type ContributionItems = z.infer<typeof ContributionItems>;
/** Withdraw some items, or the whole contribution when itemIds is omitted. */
export const WithdrawBody = z.object({ itemIds: z.array(z.string().max(64)).min(1).max(500).optional() }).strict();

/** Trusted: later items are approved as they arrive. Blocked: new contributions are refused. Null: the queue decides. */
export const GuestStanding = z.enum(['trusted', 'blocked']);
export type GuestStanding = z.infer<typeof GuestStanding>;

/** One guest of an event with the count of their items in each state, for the organizer's per-guest queue. */
export const EventGuest = ApprovalCounts.extend({
  contributorId: z.string(),
  name: z.string(),
  standing: GuestStanding.nullable(),
  /** Who set the standing (display name) and when; null with no standing. */
  standingSetBy: z.string().nullable(),
  standingSetAt: IsoTime.nullable(),
});
export type EventGuest = z.infer<typeof EventGuest>;
export const EventGuests = z.object({ guests: z.array(EventGuest) });
export type EventGuests = z.infer<typeof EventGuests>;

/** Approve or reject every pending item of one guest at once. */
export const GuestDecisionBody = z.object({ decision: z.enum(['approve', 'reject']) }).strict();
export type GuestDecisionBody = z.infer<typeof GuestDecisionBody>;

/** Trust, block, or return a guest to the default ('none': every item waits for the organizer again). */
export const GuestStandingBody = z.object({ standing: z.enum(['trusted', 'blocked', 'none']) }).strict();
export type GuestStandingBody = z.infer<typeof GuestStandingBody>;
/** The guest as now stood, and (when blocking) the result for each of their pending items, now rejected. */
export const GuestStandingResult = z.object({ guest: EventGuest, results: z.array(ApprovalResult) });
export type GuestStandingResult = z.infer<typeof GuestStandingResult>;
