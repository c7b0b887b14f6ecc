import type { ApprovalState } from '@hypomos/shared/api/events';
import type { PublishedState } from '@hypomos/shared/sharing/publish-plan';
import type { DelegatedLink } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import type { PublishedRow, ShareRow } from '../../db/rows';

/**
 * A share as the publisher keeps it (Dexie `shares`, ShareRow's extra fields), read back through zod so a
 * damaged row is reported instead of trusted. `event` rows are also written by hosts/ ("Share to event…").
 */
export const SharingShare = z.object({
  id: z.string(),
  collectionId: z.string(),
  state: z.enum(['active', 'expired', 'revoked']),
  /** '' until the portal collection exists (hosts/ writes it empty). */
  portalCollectionId: z.string(),
  kind: z.enum(['link', 'gallery', 'event', 'family']),
  title: z.string().default('Shared photos'),
  expiresAt: z.number().nullable().default(null),
  includePlace: z.boolean().default(false),
  /** Sharer-side review: new matches of a dynamic collection wait in `review`. */
  review: z.boolean().default(false),
  allowDownload: z.boolean().default(false),
  portalShareId: z.string().nullable().default(null),
  /** The share URL (its token is shown once by the portal; the owner's device keeps it to show again). */
  url: z.string().nullable().default(null),
  eventToken: z.string().nullable().default(null),
  portalOrigin: z.string().nullable().default(null),
  contributionId: z.string().nullable().default(null),
  /** Family: accounts the collection is shared with, and those the portal already knows. */
  recipients: z.array(z.string()).default([]),
  recipientsAdded: z.array(z.string()).default([]),
  /**
   * Sources whose links of this share moved to a new generation (a Blob item withdrawn: sharing/withdraw.ts); the
   * old generation is ended once the share's other items are re-linked. Kept here so a stopped worker still ends it.
   */
  rotatedSources: z.array(z.string()).default([]),
  createdAt: z.number().default(0),
  lastRunAt: z.number().nullable().default(null),
  lastError: z.string().nullable().default(null),
});
export type SharingShare = z.infer<typeof SharingShare>;

export function readShare(row: ShareRow | undefined): SharingShare | null {
  if (!row) return null;
  const parsed = SharingShare.safeParse(row);
  return parsed.success ? parsed.data : null;
}
export const toShareRow = (s: SharingShare): ShareRow => s as unknown as ShareRow;

/** A new active share, not yet at the portal: every `shares` row starts here, the rest from SharingShare's defaults. */
export function newShare(
  fields: Pick<SharingShare, 'id' | 'collectionId' | 'kind' | 'createdAt'> & Partial<z.input<typeof SharingShare>>,
): SharingShare {
  return SharingShare.parse({ state: 'active', portalCollectionId: '', ...fields });
}

/** Per item of a share: its state, the delegated link made for it, and why it failed. */
export interface PublishedItem extends PublishedRow {
  state: PublishedState;
  at: number;
  /** Where the link lives (kept so it can be revoked after the item left the index). */
  ref?: { sourceId: string; id: string; path: string };
  /**
   * The (source, item id) the portal knows the item by, once tiering moved it (features/tiering/republish.ts):
   * republished links go under it, so the portal updates the same item instead of adding a second one.
   */
  portalRef?: { sourceId: string; sourceItemId: string } | null;
  link?: z.infer<typeof DelegatedLink> | null;
  portalItemId?: string | null;
  reason?: string | null;
  /** Content hashes, so a deletion can leave a tombstone after the item left the index. */
  sha256?: string | null;
  phash?: string | null;
  /** Event shares only: the organizer's decision as last read from the portal (sharing/approvals.ts). */
  approval?: ApprovalState;
}

export const asPublished = (row: PublishedRow) => row as PublishedItem;
