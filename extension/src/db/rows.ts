import type { SourceKind } from '@hypomos/shared/index/item';

export interface KeyValue {
  key: string;
  value: unknown;
}

/** A connected storage. Credentials are not here: they live in extension storage (see sources/credentials). */
export interface SourceRow {
  id: string;
  kind: SourceKind;
  name: string;
  /** Provider base URLs and non-secret settings (container URL, drive id, folder name…). */
  config: Record<string, string>;
  createdAt: number;
  visionOptIn: boolean;
  autoTagFolders: boolean;
  ignoredFolderNames: string[];
}

/** Scan progress, written after every page so a stopped service worker resumes where it was. */
export interface SyncStateRow {
  sourceId: string;
  phase: 'idle' | 'full' | 'delta';
  /** Cursor of the next page to ask for (full listing or delta). */
  cursor: string | null;
  /** The delta checkpoint reached at the end of the last complete scan. */
  deltaCursor: string | null;
  seen: number;
  indexed: number;
  failedCount: number;
  bytesRead: number;
  startedAt: number | null;
  finishedAt: number | null;
  lastError: string | null;
  /** v2: when the current drain of `pending` began, and items read since then (for the ETA). */
  drainStartedAt?: number | null;
  drainDone?: number;
}

/** v2: keys listed during the running full scan; what is not here at its end is gone at the source. */
export interface ScanSeenRow {
  sourceId: string;
  key: string;
}

/** v6: a folder of a source by provider id, with the path the index last used for it (sources/scanner/folders). */
export interface FolderRow {
  sourceId: string;
  id: string;
  path: string;
}

/** v2: outbox of index removals, written in the same transaction as the removal, until every listener has heard. */
export interface RemovalRow {
  id?: number;
  sourceId: string;
  keys: string[];
  at: number;
}

/** v2: which thumbnails are in Cache Storage, how big and when last used (for the LRU cap). */
export interface ThumbCacheRow {
  url: string;
  itemKey: string;
  bytes: number;
  lastUsedAt: number;
}

/** v2: a local folder picked with showDirectoryPicker (handles survive in IndexedDB, not in extension storage). */
export interface DirHandleRow {
  sourceId: string;
  handle: FileSystemDirectoryHandle;
}

/** A provider item whose metadata still has to be read (queued per page, drained by the scanner). */
export interface PendingRow {
  key: string;
  sourceId: string;
  /** The provider's facts, as received (zod ProviderItem). */
  item: unknown;
}

export interface FailedRow {
  key: string;
  sourceId: string;
  path: string;
  reason: string;
  etag: string | null;
  at: number;
  /** v2: a network failure that outlasted the retries: queued again at the next sync (up to a few times). */
  transient?: boolean;
  attempts?: number;
  /** v2: the provider's facts, so a transient failure can be queued again without a listing. */
  item?: unknown;
}

export interface CollectionRow {
  id: string;
  kind: 'static' | 'dynamic';
  title: string;
  /** Static: ordered item keys. */
  itemKeys: string[];
  /** Dynamic: the saved filter (shared/filter). */
  filter: unknown;
  coverKey: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ItemStatsRow {
  key: string;
  views: number;
  likes: number;
  skips: number;
  opens: number;
  lastViewedAt: number | null;
}

export interface FaceRow {
  id: string;
  itemKey: string;
  personId: string | null;
  box: [number, number, number, number];
  score: number;
  embedding: Float32Array | number[];
  /** A face found in a video: the time (seconds) of the frame it was seen best in; `box` is in that frame. */
  frameTime?: number;
  /**
   * A video face's crop (square JPEG with the People page's margin), cut from that frame: the item's thumbnail is
   * another frame, so the crop cannot be cut from it. Absent for photos.
   */
  crop?: Blob;
}

export interface PersonRow {
  id: string;
  name: string | null;
  hidden: boolean;
  coverFaceId: string | null;
}

export interface VisionQueueRow {
  key: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  error: string | null;
}

export interface ShareRow {
  id: string;
  collectionId: string;
  state: 'active' | 'expired' | 'revoked';
  portalCollectionId: string;
  [extra: string]: unknown;
}

export interface PublishedRow {
  shareId: string;
  itemKey: string;
  /** sharing/: 'review' waits for the sharer's approval, 'withdrawing' is on its way out (shared/sharing/publish-plan). */
  state: 'review' | 'pending' | 'published' | 'failed' | 'withdrawing' | 'withdrawn';
  [extra: string]: unknown;
}

export interface TombstoneRow {
  id: string;
  sha256: string | null;
  phash: string | null;
  deletedAt: number;
}
