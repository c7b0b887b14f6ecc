import { z } from 'zod';

/** Messages of the sharing feature between extension pages and the background (prefix `sharing.`). */
const Id = z.string().min(1).max(128);
const Email = z.email().max(320);

export const PortalStatus = z.object({ type: z.literal('sharing.portal') });
export const SetPortal = z.object({ type: z.literal('sharing.setPortal'), origin: z.url({ protocol: /^https?$/ }) });
export const Pair = z.object({ type: z.literal('sharing.pair') });
/** For a flow driven outside launchWebAuthFlow (a tab): the URL to open, then the redirect to finish with. */
export const PairStart = z.object({ type: z.literal('sharing.pairStart'), redirectUri: z.url() });
export const PairFinish = z.object({
  type: z.literal('sharing.pairFinish'),
  redirected: z.url(),
  state: z.string().min(8).max(200),
});
export const Unpair = z.object({ type: z.literal('sharing.unpair') });

export const CreateShare = z.object({
  type: z.literal('sharing.create'),
  collectionId: Id,
  kind: z.enum(['link', 'gallery', 'family']),
  title: z.string().trim().min(1).max(200),
  expiresAt: z.number().int().positive().nullable().default(null),
  includePlace: z.boolean().default(false),
  review: z.boolean().default(false),
  allowDownload: z.boolean().default(false),
  recipients: z.array(Email).max(50).default([]),
});
export const JoinEvent = z.object({
  type: z.literal('sharing.joinEvent'),
  input: z.string().min(8).max(2048),
  collectionId: Id,
});
export const ListShares = z.object({ type: z.literal('sharing.list'), collectionId: Id.optional() });
export const ShareItems = z.object({ type: z.literal('sharing.items'), shareId: Id });
export const RunShare = z.object({
  type: z.literal('sharing.run'),
  shareId: Id.optional(),
  retryFailed: z.boolean().default(false),
});
export const Review = z.object({
  type: z.literal('sharing.review'),
  shareId: Id,
  approve: z.array(z.string()).max(10_000),
  reject: z.array(z.string()).max(10_000).default([]),
});
export const Revoke = z.object({ type: z.literal('sharing.revoke'), shareId: Id });
export const ExpireDue = z.object({ type: z.literal('sharing.expireDue') });
export const FollowPortal = z.object({ type: z.literal('sharing.followPortal') });
export const Inbox = z.object({ type: z.literal('sharing.inbox') });
export const InboxAccept = z.object({ type: z.literal('sharing.inboxAccept'), id: Id });
export const InboxItems = z.object({
  type: z.literal('sharing.inboxItems'),
  id: Id,
  cursor: z.string().max(200).nullable().default(null),
});
export const MyEvents = z.object({ type: z.literal('sharing.events') });
/** The portal's viewer counts of every share this device made, by index key (Insights: bytes not copied). */
export const Viewers = z.object({ type: z.literal('sharing.viewers') });
export const EventQueue = z.object({ type: z.literal('sharing.eventQueue'), eventId: Id });
export const Decide = z.object({
  type: z.literal('sharing.decide'),
  eventId: Id,
  decisions: z
    .array(z.object({ itemId: z.string().max(64), decision: z.enum(['approve', 'reject']) }))
    .min(1)
    .max(500),
});

export const ShareSummary = z.object({
  id: z.string(),
  collectionId: z.string(),
  kind: z.string(),
  title: z.string(),
  state: z.string(),
  url: z.string().nullable(),
  expiresAt: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  /** Event contributions: items per organizer decision (pending, approved, rejected, withdrawn); null otherwise. */
  approvals: z.record(z.string(), z.number()).nullable(),
  lastError: z.string().nullable(),
  lastRunAt: z.number().nullable(),
});
export type ShareSummary = z.infer<typeof ShareSummary>;
export const ShareItemState = z.object({
  itemKey: z.string(),
  name: z.string().nullable(),
  state: z.string(),
  reason: z.string().nullable(),
});
export type ShareItemState = z.infer<typeof ShareItemState>;
