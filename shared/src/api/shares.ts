import { z } from 'zod';
import { DeliveryProvider } from '../sharing/media-hosts';
import { ShareDownloads } from '../sharing/download-sizes';
import { PASSCODE_MIN_LENGTH } from '../sharing/passcode';
import { PlainText } from './plain-text';
import { CollectionId, IsoTime, ShareId } from './common';
import { ItemPreview } from './preview';
import { FEEDBACK_OFF, FeedbackSettings } from './feedback';
import { ProofingSettings } from './proofing';

export const ShareKind = z.enum(['link', 'gallery']);
export type ShareKind = z.infer<typeof ShareKind>;

export { ShareDownloads, WEB_SIZE_PX, downloadsOf } from '../sharing/download-sizes';

export const CreateShareBody = z
  .object({
    /** `gallery` is a photographer's delivery: a hard expiry is required and download-all is offered until then. */
    kind: ShareKind.default('link'),
    title: PlainText(1, 200).nullable().default(null),
    expiresAt: IsoTime.nullable().default(null),
    passcode: z
      .string()
      .min(PASSCODE_MIN_LENGTH, `A passcode has at least ${PASSCODE_MIN_LENGTH} characters.`)
      .max(128)
      .nullable()
      .default(null),
    /** Older clients: true means "web size + original". `downloads`, when given, wins. */
    allowDownload: z.boolean().default(false),
    downloads: ShareDownloads.optional(),
    /** Off: nothing passes through the portal; items no direct link serves stay unavailable to guests. */
    relay: z.boolean().default(true),
  })
  .strict()
  .refine((b) => b.kind !== 'gallery' || b.expiresAt !== null, {
    message: 'A gallery needs an expiry.',
    path: ['expiresAt'],
  });
export type CreateShareBody = z.input<typeof CreateShareBody>;
/** The relay switch, the proofing settings (galleries only), what guests may download, or any of them. */
export const PatchShareBody = z
  .object({
    relay: z.boolean().optional(),
    proofing: ProofingSettings.optional(),
    downloads: ShareDownloads.optional(),
  })
  .strict()
  .refine((b) => b.relay !== undefined || b.proofing !== undefined || b.downloads !== undefined, {
    message: 'Nothing to change.',
  });

export const ShareStatus = z.enum(['active', 'expired', 'revoked']);
/**
 * How long a revoked link can be restored. Guests lose access at once; the owner's extension keeps the delegated
 * links until the window has passed, then revokes them at the providers, after which nothing can bring them back.
 */
export const REVOKE_UNDO_MS = 30_000;
export type ShareStatus = z.infer<typeof ShareStatus>;

export const Share = z.object({
  id: ShareId,
  collectionId: CollectionId,
  kind: ShareKind,
  title: z.string().nullable(),
  expiresAt: IsoTime.nullable(),
  hasPasscode: z.boolean(),
  /** Wrong passcodes guests typed, and until when the share refuses passcodes after too many in a row. */
  unlockFailures: z.number().int(),
  unlockLockedUntil: IsoTime.nullable(),
  allowDownload: z.boolean(),
  /** Absent from portals older than download sizes: then `allowDownload` meant originals. */
  downloads: ShareDownloads.optional(),
  relayEnabled: z.boolean(),
  status: ShareStatus,
  /** Absent from portals older than the undo of a revocation. */
  revokedAt: IsoTime.nullable().default(null),
  /** Client proofing (galleries); absent from portals older than issue 23's proofing. */
  proofing: z
    .object({ enabled: z.boolean(), limit: z.number().int().nullable(), deadline: IsoTime.nullable() })
    .default({ enabled: false, limit: null, deadline: null }),
  /** Comments and reactions (issue 23); absent from portals older than them. */
  feedback: FeedbackSettings.default(FEEDBACK_OFF),
  createdAt: IsoTime,
});
export type Share = z.infer<typeof Share>;

/** The token is shown once, at creation: only its hash is stored. */
export const ShareCreated = z.object({ share: Share, token: z.string(), url: z.string() });
export type ShareCreated = z.infer<typeof ShareCreated>;

export const RecipientStatus = z.enum(['pending', 'accepted', 'declined']);
export const AddRecipientBody = z.object({ email: z.email().max(320) }).strict();
/** An invitation to an email address; it names no account, so it cannot reveal whether one exists. */
export const Recipient = z.object({
  id: z.string(),
  collectionId: CollectionId,
  email: z.string(),
  status: RecipientStatus,
  createdAt: IsoTime,
});
export type Recipient = z.infer<typeof Recipient>;

/** A direct share as its recipient sees it in the inbox. */
export const InboxEntry = z.object({
  id: z.string(),
  collectionId: CollectionId,
  title: z.string(),
  ownerName: z.string(),
  status: RecipientStatus,
  itemCount: z.number().int(),
  createdAt: IsoTime,
});
export type InboxEntry = z.infer<typeof InboxEntry>;

export const StatKind = z.enum(['viewed', 'liked', 'skipped', 'downloaded']);
export type StatKind = z.infer<typeof StatKind>;
export const ItemStats = z.object({
  itemId: z.string(),
  viewed: z.number().int(),
  liked: z.number().int(),
  skipped: z.number().int(),
  downloaded: z.number().int(),
});
export type ItemStats = z.infer<typeof ItemStats>;
export const StatsResponse = z.object({
  totals: ItemStats.omit({ itemId: true }),
  items: z.array(ItemStats.extend({ preview: ItemPreview })),
});
export type StatsResponse = z.infer<typeof StatsResponse>;

export const DeadLinkReport = z.object({
  id: z.string(),
  itemId: z.string(),
  collectionId: CollectionId,
  sourceId: z.string(),
  sourceItemId: z.string(),
  reason: z.string(),
  reportedAt: IsoTime,
  preview: ItemPreview,
  /** How many viewers reported it: one viewer counts once per item. */
  viewers: z.number().int(),
});
export type DeadLinkReport = z.infer<typeof DeadLinkReport>;

/** An item a share's guests cannot view or download under its settings (e.g. with the relay off), for its owner. */
export const UnservedItem = z.object({
  itemId: z.string(),
  sourceId: z.string(),
  sourceItemId: z.string(),
  mediaType: z.enum(['image', 'video']),
  provider: DeliveryProvider,
  /** A still the owner's page can show (the descriptor's first grid image, else the published thumbnail). */
  thumbnailUrl: z.string().nullable(),
  capturedAt: IsoTime.nullable(),
  reasons: z.array(z.enum(['view', 'download'])),
});
export type UnservedItem = z.infer<typeof UnservedItem>;
