import type { TokenInfo } from '@hypomos/shared/api/account';
import type { Collection, OwnerItem } from '@hypomos/shared/api/collections';
import type { CollectionId, EventId, ItemId, ShareId } from '@hypomos/shared/api/common';
import { type Contribution, type EventInfo, type QueueEntry, VisibleVersion } from '@hypomos/shared/api/events';
import type { PublicDelivery, PublicEvent, PublicItem, PublicShare } from '@hypomos/shared/api/public';
import { DeliveryDescriptor } from '@hypomos/shared/sharing/delivery';
import type { ItemPreview } from '@hypomos/shared/api/preview';
import type { FeedbackSettings } from '@hypomos/shared/api/feedback';
import type { ProofingReport } from '@hypomos/shared/api/proofing';
import { isLocked } from '@hypomos/shared/proofing/selection';
import type { DeadLinkReport, InboxEntry, Recipient, Share } from '@hypomos/shared/api/shares';
import { previewThumbnails } from '@hypomos/shared/sharing/preview';
import { acceptsContributions, linkStatus } from '@hypomos/shared/sharing/visibility';
import type { CollectionRow, ItemRow } from './repositories/collections';
import type { EventRow, QueueRow } from './repositories/events';
import type { ProofingClientRow, ProofingPickRow } from './repositories/proofing';
import type { ReportRow } from './repositories/stats';
import type { ShareState } from './repositories/public-reads';
import type { RecipientRow, ShareRow } from './repositories/shares';

// One output mapper per resource: rows never leave the worker unmapped, so a new column cannot leak by accident.

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function toCollection(r: CollectionRow): Collection {
  return {
    id: r.id as CollectionId,
    title: r.title,
    kind: r.kind,
    filterSummary: r.filterSummary,
    itemCount: r.itemCount,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function toOwnerItem(r: ItemRow): OwnerItem {
  return {
    id: r.id as ItemId,
    sourceId: r.sourceId,
    sourceItemId: r.sourceItemId,
    mediaType: r.mediaType,
    mimeType: r.mimeType,
    capturedAt: isoOrNull(r.capturedAt),
    width: r.width,
    height: r.height,
    durationSec: r.durationSec,
    blurhash: r.blurhash,
    placeLabel: r.placeLabel,
    originalUrl: r.originalUrl,
    thumbnailUrl: r.thumbnailUrl,
    linkExpiresAt: isoOrNull(r.linkExpiresAt),
    contentHash: r.contentHash,
    delivery: storedDelivery(r.delivery),
    fileName: r.fileName,
    updatedAt: iso(r.updatedAt),
  };
}

/** A stored descriptor, or null when absent or no longer valid (it was checked when published). */
export function storedDelivery(raw: string | null): DeliveryDescriptor | null {
  if (!raw) return null;
  const parsed = DeliveryDescriptor.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** The direct forms only; the relay's source link and headers stay in the portal. */
function toPublicDelivery(raw: string | null, relayAllowed: boolean): PublicDelivery | null {
  const d = storedDelivery(raw);
  if (!d) return null;
  const { relaySource, relayHeaders: _, ...direct } = d;
  return { ...direct, relay: relayAllowed && relaySource !== null };
}

/** The owner's picture and words for an item (statistics, reports, approvals, contributions) instead of its id. */
export function toItemPreview(
  r: Pick<
    ItemRow,
    'mediaType' | 'capturedAt' | 'placeLabel' | 'durationSec' | 'thumbnailUrl' | 'originalUrl' | 'delivery'
  >,
): ItemPreview {
  const delivery = storedDelivery(r.delivery);
  return {
    mediaType: r.mediaType,
    capturedAt: isoOrNull(r.capturedAt),
    placeLabel: r.placeLabel,
    durationSec: r.durationSec,
    thumbnails: previewThumbnails({ ...r, delivery }),
    referrer: delivery?.referrer ?? 'no-referrer',
  };
}

/** Viewers get display fields and links only: no source ids, hashes or owner ids. */
export function toPublicItem(r: ItemRow, contributorName: string | null = null, relayAllowed = true): PublicItem {
  return {
    id: r.id as ItemId,
    mediaType: r.mediaType,
    mimeType: r.mimeType,
    capturedAt: isoOrNull(r.capturedAt),
    width: r.width,
    height: r.height,
    durationSec: r.durationSec,
    blurhash: r.blurhash,
    placeLabel: r.placeLabel,
    originalUrl: r.originalUrl,
    thumbnailUrl: r.thumbnailUrl,
    linkExpiresAt: isoOrNull(r.linkExpiresAt),
    delivery: toPublicDelivery(r.delivery, relayAllowed),
    contributorName,
  };
}

/** Whether a share's or event's viewers may comment and react. */
export const feedbackOf = (r: { commentsEnabled: boolean; reactionsEnabled: boolean }): FeedbackSettings => ({
  comments: !!r.commentsEnabled,
  reactions: !!r.reactionsEnabled,
});

export function toShare(r: ShareRow, now: number): Share {
  return {
    id: r.id as ShareId,
    collectionId: r.collectionId as CollectionId,
    kind: r.kind,
    title: r.title,
    expiresAt: isoOrNull(r.expiresAt),
    hasPasscode: r.passcodeHash !== null,
    unlockFailures: r.unlockFailures,
    unlockLockedUntil: r.unlockLockedUntil !== null && r.unlockLockedUntil > now ? iso(r.unlockLockedUntil) : null,
    allowDownload: r.allowDownload,
    downloads: r.downloads,
    relayEnabled: r.relayEnabled,
    status: linkStatus(r, now),
    revokedAt: isoOrNull(r.revokedAt),
    proofing: { enabled: r.proofing, limit: r.proofingLimit, deadline: isoOrNull(r.proofingDeadline) },
    feedback: feedbackOf(r),
    createdAt: iso(r.createdAt),
  };
}

/** Before a passcode is given the viewer learns only that there is a share, not even its title. */
/** A share as its viewer's one-batch read found it; before the passcode, nothing of the collection shows. */
export function toPublicShareState(s: ShareState): PublicShare {
  const unlocked = s.passcodeHash === null || s.unlocked;
  return {
    kind: s.kind,
    title: unlocked ? (s.title ?? s.collectionTitle) : 'Shared photos',
    expiresAt: isoOrNull(s.expiresAt),
    allowDownload: s.allowDownload,
    downloads: s.downloads,
    relay: s.relayEnabled,
    requiresPasscode: s.passcodeHash !== null,
    unlocked,
    itemCount: unlocked ? s.itemCount : null,
    proofing: s.proofing ? { limit: s.proofingLimit, deadline: isoOrNull(s.proofingDeadline) } : null,
    feedback: feedbackOf(s),
  };
}

export function toRecipient(r: RecipientRow): Recipient {
  return {
    id: r.id,
    collectionId: r.collectionId as CollectionId,
    email: r.email,
    status: r.status,
    createdAt: iso(r.createdAt),
  };
}

export function toInboxEntry(r: RecipientRow, title: string, ownerName: string, itemCount: number): InboxEntry {
  return {
    id: r.id,
    collectionId: r.collectionId as CollectionId,
    title,
    ownerName,
    status: r.status,
    itemCount,
    createdAt: iso(r.createdAt),
  };
}

export function toEvent(r: EventRow, now: number): EventInfo {
  return {
    id: r.id as EventId,
    title: r.title,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    contributionsEndAt: isoOrNull(r.contributionsEndAt),
    expiresAt: iso(r.expiresAt),
    status: linkStatus(r, now),
    createdAt: iso(r.createdAt),
    wallMode: r.wallMode,
    feedback: feedbackOf(r),
  };
}

export function toPublicEvent(r: EventRow, approvedCount: number, now: number): PublicEvent {
  return {
    id: r.id,
    title: r.title,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    contributionsEndAt: isoOrNull(r.contributionsEndAt),
    expiresAt: iso(r.expiresAt),
    acceptingContributions: acceptsContributions(r, now),
    itemCount: approvedCount,
    feedback: feedbackOf(r),
  };
}

function visibleVersion(r: ItemRow): VisibleVersion {
  const { mediaType, mimeType, width, height, durationSec, blurhash, placeLabel, originalUrl, thumbnailUrl } = r;
  const capturedAt = isoOrNull(r.capturedAt);
  return {
    mediaType,
    mimeType,
    capturedAt,
    width,
    height,
    durationSec,
    blurhash,
    placeLabel,
    originalUrl,
    thumbnailUrl,
    contentHash: r.contentHash,
  };
}

export function toQueueEntry(r: QueueRow): QueueEntry {
  const changed = r.changedAt !== null && r.state === 'pending' && r.approvedSnapshot !== null;
  const approved = changed ? VisibleVersion.parse(toVersion(JSON.parse(r.approvedSnapshot!))) : null;
  const now = visibleVersion(r);
  return {
    itemId: r.id as ItemId,
    contributionId: r.contributionId,
    contributorName: r.contributorName,
    state: r.state,
    mediaType: r.mediaType,
    thumbnailUrl: r.thumbnailUrl,
    originalUrl: r.originalUrl,
    capturedAt: isoOrNull(r.capturedAt),
    placeLabel: r.placeLabel,
    queuedAt: iso(r.queuedAt),
    preview: toItemPreview(r),
    changedSinceApproval: changed,
    autoApproved: r.autoApprovedAt !== null,
    approved,
    changes: approved
      ? VisibleVersion.keyof()
          .options.filter((field) => approved[field] !== now[field])
          .map((field) => ({ field, approved: approved[field], now: now[field] }))
      : [],
  };
}

/** A stored snapshot keeps capture time in epoch ms, as the items table does. */
const toVersion = (s: Record<string, unknown>) => ({
  ...s,
  capturedAt: typeof s.capturedAt === 'number' ? iso(s.capturedAt) : null,
});

export function toContribution(r: {
  id: string;
  eventId: string;
  eventTitle: string;
  collectionId: string;
  withdrawnAt: number | null;
  createdAt: number;
  pending: number;
  approved: number;
  rejected: number;
  withdrawn: number;
}): Contribution {
  return {
    id: r.id,
    eventId: r.eventId as EventId,
    eventTitle: r.eventTitle,
    collectionId: r.collectionId as CollectionId,
    withdrawn: r.withdrawnAt !== null,
    counts: { pending: r.pending, approved: r.approved, rejected: r.rejected, withdrawn: r.withdrawn },
    createdAt: iso(r.createdAt),
  };
}

export function toTokenInfo(r: {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number;
}): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    createdAt: iso(r.createdAt),
    lastUsedAt: isoOrNull(r.lastUsedAt),
    expiresAt: iso(r.expiresAt),
  };
}

export function toReport(r: ReportRow): DeadLinkReport {
  return {
    id: r.id,
    itemId: r.itemId,
    collectionId: r.collectionId as CollectionId,
    sourceId: r.sourceId,
    sourceItemId: r.sourceItemId,
    reason: r.reason,
    reportedAt: iso(r.reportedAt),
    preview: toItemPreview(r),
    viewers: r.viewers,
  };
}

/** The photographer's view of a gallery's proofing: settings, and each client with their picks. */
export function toProofingReport(
  share: ShareRow,
  report: { clients: ProofingClientRow[]; picks: ProofingPickRow[] },
  now: number,
): ProofingReport {
  return {
    settings: { enabled: share.proofing, limit: share.proofingLimit, deadline: isoOrNull(share.proofingDeadline) },
    locked: isLocked({ deadline: share.proofingDeadline }, now),
    clients: report.clients.map((cl) => ({
      id: cl.id,
      name: cl.name,
      startedAt: iso(cl.createdAt),
      lastChangeAt: iso(cl.updatedAt),
      picks: report.picks
        .filter((p) => p.clientId === cl.id)
        .map((p) => ({
          itemId: p.itemId as ItemId,
          fileName: p.fileName,
          sourceItemId: p.sourceItemId,
          pickedAt: iso(p.pickedAt),
          preview: toItemPreview(p),
        })),
    })),
  };
}
