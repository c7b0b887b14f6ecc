import { z } from 'zod';
import type { SourceKind } from '../index/item';
import { DeliveryDescriptor } from '../sharing/delivery';

/**
 * One storage provider (OneDrive, Google Drive, Azure Blob, local folder), as the scanner and the
 * publisher see it. Implementations live in extension/src/features/sources/providers/; they take
 * fetch, base URLs and credentials as arguments so tests and production run the same code.
 */
export interface MediaRequest {
  url: string;
  headers: Record<string, string>;
}

export interface Provider {
  readonly kind: SourceKind;
  /** Can items of this source be shared by a delegated link? (local folders cannot) */
  readonly canLink: boolean;
  /**
   * One page of changes. `cursor` null starts a full listing. The answer's `cursor` is what to pass
   * next; `done` true means this cursor is a delta checkpoint to use at the next sync.
   * `reset` true means the provider dropped our checkpoint (410): the caller rescans from scratch.
   */
  changes(cursor: string | null): Promise<ChangePage>;
  /** Bytes [start, end) of an item's content (HTTP Range). */
  readRange(item: ProviderItemRef, start: number, end: number): Promise<Uint8Array>;
  /**
   * Optional: the request a media element can make for an item's bytes, with Range and seeking: its URL and the
   * headers to add (a bearer token). Firefox plays the owner's videos this way (sources/media-redirect.ts).
   */
  mediaRequest?(item: ProviderItemRef): Promise<MediaRequest>;
  /** A provider-made thumbnail, or null when there is none. */
  thumbnail(item: ProviderItemRef, size: 'small' | 'large'): Promise<Uint8Array | null>;
  /** A link anyone can open without signing in, valid until `expiresAt` (or until revoked). */
  createLink(item: ProviderItemRef, expiresAt: Date | null, context?: LinkContext): Promise<DelegatedLink>;
  revokeLink(item: ProviderItemRef, link: DelegatedLink): Promise<void>;
  /**
   * Optional: revokes every link made with `context.scope` at once (Blob: deletes the share's stored access
   * policy), for ending a share. Per-item `revokeLink` still runs for the rest.
   */
  revokeScope?(scope: string): Promise<void>;
  /**
   * Optional, for providers whose links can only be revoked together (Blob: a stored access policy per share):
   * revokes every link of the scope by moving it to a new generation, and answers the `linkId` prefix the scope's
   * new links carry (null when its links name no generation). The caller re-links the scope's remaining items, then
   * calls `retireStaleScope` to end the old generation for good.
   */
  rotateScope?(scope: string): Promise<{ linkId: string } | null>;
  retireStaleScope?(scope: string): Promise<void>;
  /**
   * Optional: the current facts of specific items, for "index the selection" in the Drive/OneDrive
   * web apps (Graph `GET /me/drive/items/{id}`, Drive `files.get`). Ids the provider does not know are
   * left out of the answer. Without it the caller falls back to a full listing.
   */
  items?(ids: readonly string[]): Promise<ProviderItem[]>;
  /**
   * Optional: the media items directly inside one folder, addressed by provider id or by path ('' is the
   * root), for "index this folder" (Graph `/children`, Drive `files.list q='<id>' in parents`).
   */
  listFolder?(folder: { id: string | null; path: string | null }): Promise<ProviderItem[]>;
  /**
   * Optional: the account's storage quota (Graph drive `quota`, Drive `about.storageQuota`). Sources without a
   * quota API (Azure Blob, local folders) leave it out; the caller then counts the indexed sizes.
   */
  storage?(): Promise<StorageQuota>;
  /**
   * Where `trash` sends an item: 'bin' is the provider's own recycle bin or trash, from which `restore` brings it
   * back while the provider keeps it; 'forever' cannot be undone from Hypomos. Absent: Hypomos deletes nothing here.
   */
  readonly deletes?: 'bin' | 'forever';
  /** Deletes the item at its source (see `deletes`). An item already gone counts as deleted. */
  trash?(item: ProviderItemRef): Promise<void>;
  /** Brings an item back from the provider's bin, under its old id. */
  restore?(item: ProviderItemRef): Promise<void>;
}

/** Bytes a source holds and may hold, as its provider reports them. */
export const StorageQuota = z.object({
  /** null: no limit (Drive omits `limit` for unlimited accounts). */
  totalBytes: z.number().nonnegative().nullable(),
  /** Everything the account counts, bin included (Drive `usage` also counts Gmail and Photos). */
  usedBytes: z.number().nonnegative(),
  /** The part of `usedBytes` in the bin (Graph `deleted`, Drive `usageInDriveTrash`), when reported. */
  inBinBytes: z.number().nonnegative().nullable(),
  /** Graph's `state`: normal, nearing (<10% left), critical (<1%), exceeded; null where the provider has none. */
  state: z.enum(['normal', 'nearing', 'critical', 'exceeded']).nullable(),
});
export type StorageQuota = z.infer<typeof StorageQuota>;

/** What a link is made for: the share (links of one scope can be revoked together) and the portal that serves it. */
export interface LinkContext {
  /** The share's id in the extension. */
  scope?: string;
  /** The portal origin guests' browsers load from (CORS is decided for it). */
  portalOrigin?: string;
}

export interface ProviderItemRef {
  id: string;
  /** Full path within the source, used by providers addressed by path (Blob, local). */
  path: string;
  /** What the item is, when known: a link's delivery form can depend on it (e.g. OneDrive embed links are images only). */
  media?: 'image' | 'video';
}

export const ProviderItem = z.object({
  id: z.string(),
  name: z.string(),
  /** Parent folder path, '/'-separated, no leading or trailing slash. */
  folder: z.string(),
  /**
   * The parent folder's provider id when the provider has ids for folders (Graph `parentReference.id`,
   * Drive `parents[0]`): the Drive/OneDrive web apps name a folder by id in their URLs.
   */
  parentId: z.string().nullable().optional(),
  mimeType: z.string().nullable(),
  bytes: z.number().nullable(),
  modifiedAt: z.number().nullable(),
  createdAt: z.number().nullable(),
  etag: z.string().nullable(),
  hashes: z.record(z.string(), z.string()),
  webUrl: z.string().nullable(),
  /** Facts the provider already knows (Graph photo/image/video facets, Drive imageMediaMetadata). */
  width: z.number().nullable(),
  height: z.number().nullable(),
  takenAt: z.string().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  alt: z.number().nullable(),
  durationMs: z.number().nullable(),
  orientation: z.number().nullable(),
});
export type ProviderItem = z.infer<typeof ProviderItem>;

/** The facts a listing without media metadata gives none of (Blob, local folders, an import): metadata fills them. */
export const UNKNOWN_FACTS = {
  webUrl: null,
  width: null,
  height: null,
  takenAt: null,
  make: null,
  model: null,
  lat: null,
  lon: null,
  alt: null,
  durationMs: null,
  orientation: null,
} as const satisfies Partial<ProviderItem>;

export interface ChangePage {
  /** An id appears at most once across `upserts` and `deletions`: the provider keeps its last occurrence. */
  upserts: ProviderItem[];
  /** Provider ids gone at the source (files, or folders: then everything below them is gone too). */
  deletions: string[];
  /**
   * Folders (provider id → current path) this page reported or resolved. A path that differs from the one the
   * scanner knew means the folder was renamed or moved: the feeds report only the folder, not what is below it.
   */
  folders?: { id: string; path: string }[];
  cursor: string;
  done: boolean;
  reset?: boolean;
}

export const DelegatedLink = z.object({
  url: z.string().url(),
  /** A thumbnail-sized image URL that needs no credentials, when the provider has one. */
  thumbnailUrl: z.string().url().nullable(),
  /** Provider's id for the link/permission, needed to revoke it. */
  linkId: z.string(),
  /** Further links made for the same item (e.g. OneDrive's embed link beside its view link), revoked with it. */
  extraLinkIds: z.array(z.string()).optional(),
  expiresAt: z.number().nullable(),
  /** How a guest's browser gets the bytes (shared/sharing/delivery.ts), when the provider decides it. */
  delivery: DeliveryDescriptor.nullable().optional(),
  /** What the owner should know about how guests get this item, in words (shown beside it at share time). */
  notice: z.string().max(500).nullable().optional(),
});
export type DelegatedLink = z.infer<typeof DelegatedLink>;

/** Errors every provider maps its failures to, so the scanner can decide without knowing the provider. */
export type ProviderErrorKind =
  | 'unauthorized'
  | 'throttled'
  | 'gone'
  | 'not_found'
  | 'forbidden'
  | 'network'
  | 'bad_response';
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
