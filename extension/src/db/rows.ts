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
  state: 'pending' | 'published' | 'withdrawn' | 'failed';
  [extra: string]: unknown;
}

export interface TombstoneRow {
  id: string;
  sha256: string | null;
  phash: string | null;
  deletedAt: number;
}
