import { ApprovalResults, EventInfo, QueueEntry } from '@hypomos/shared/api/events';
import { PublicItemPage } from '@hypomos/shared/api/public';
import { InboxEntry } from '@hypomos/shared/api/shares';
import { z } from 'zod';
import { defineProtocol, fromExtensionPage } from '../messages';

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

/** The organizer's activity page: new contributions and shares closing soon; `refresh` asks the portal first. */
export const ActivityRequest = z.object({ type: z.literal('sharing.activity'), refresh: z.boolean().default(false) });
/** What the activity page showed is seen: the badge clears. */
export const ActivitySeen = z.object({
  type: z.literal('sharing.activitySeen'),
  itemIds: z.array(z.string().max(64)).max(5000),
  shareIds: z.array(Id).max(1000),
});

/** A guest's contribution waiting in one of the organizer's events (the background keeps them, activity.ts). */
export const ActivityEntry = z.object({
  itemId: z.string(),
  eventId: z.string(),
  eventTitle: z.string(),
  contributorName: z.string(),
  mediaType: z.enum(['image', 'video']),
  thumbnailUrl: z.string().nullable(),
  originalUrl: z.string(),
  queuedAt: z.number().nullable(),
});

/** The activity page's content (activity.ts): contributions waiting, with which are new, and reminders. */
export const ActivityView = z.object({
  contributions: z.array(
    ActivityEntry.extend({
      isNew: z.boolean(),
    }),
  ),
  reminders: z.array(
    z.object({
      shareId: z.string(),
      collectionId: z.string(),
      title: z.string(),
      kind: z.string(),
      expiresAt: z.number(),
      label: z.string(),
      isNew: z.boolean(),
    }),
  ),
  badge: z.string(),
  checkedAt: z.number().nullable(),
  error: z.string().nullable(),
  portalOrigin: z.string().nullable(),
});
export type ActivityView = z.infer<typeof ActivityView>;

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

const PortalState = z.object({ origin: z.string().nullable(), paired: z.boolean(), pairedAs: z.string().nullable() });
export type PortalState = z.infer<typeof PortalState>;
const Paired = z.object({ origin: z.string(), paired: z.boolean() });
const ShareCreated = z.object({ shareId: z.string() });
const RunSummary = z.object({ published: z.number(), failed: z.number(), withdrawn: z.number(), review: z.number() });
const ShareViewers = z.object({
  items: z.array(z.object({ itemKey: z.string(), viewers: z.number() })),
  shares: z.number(),
  failed: z.number(),
});

/** Only the extension's own pages may drive sharing. */
const page = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, reply: Res) => ({
  request,
  reply,
  allow: fromExtensionPage,
});

export const sharingProtocol = defineProtocol({
  'sharing.portal': page(PortalStatus, PortalState),
  'sharing.setPortal': page(SetPortal, z.object({ origin: z.string() })),
  'sharing.pair': page(Pair, Paired),
  'sharing.pairStart': page(PairStart, z.object({ url: z.string(), state: z.string() })),
  'sharing.pairFinish': page(PairFinish, Paired),
  'sharing.unpair': page(Unpair, z.object({ paired: z.boolean() })),
  'sharing.create': page(CreateShare, ShareCreated),
  'sharing.joinEvent': page(JoinEvent, ShareCreated),
  'sharing.list': page(ListShares, z.array(ShareSummary)),
  'sharing.items': page(ShareItems, z.array(ShareItemState)),
  /** One share's run summary; null when every active share was run. */
  'sharing.run': page(RunShare, RunSummary.nullable()),
  'sharing.review': page(Review, z.object({ approved: z.number() })),
  'sharing.revoke': page(Revoke, z.object({ revoked: z.number(), failed: z.number() })),
  'sharing.expireDue': page(ExpireDue, z.object({ ended: z.array(z.string()) })),
  'sharing.followPortal': page(
    FollowPortal,
    z.object({ ended: z.array(z.string()), recheckAt: z.number().nullable() }),
  ),
  'sharing.inbox': page(Inbox, z.object({ entries: z.array(InboxEntry) })),
  'sharing.inboxAccept': page(InboxAccept, z.unknown()),
  'sharing.inboxItems': page(InboxItems, PublicItemPage),
  'sharing.events': page(MyEvents, z.object({ events: z.array(EventInfo) })),
  'sharing.viewers': page(Viewers, ShareViewers),
  'sharing.eventQueue': page(EventQueue, z.object({ entries: z.array(QueueEntry), nextCursor: z.string().nullable() })),
  'sharing.decide': page(Decide, ApprovalResults),
  'sharing.activity': page(ActivityRequest, ActivityView),
  'sharing.activitySeen': page(ActivitySeen, z.object({ badge: z.string() })),
});
