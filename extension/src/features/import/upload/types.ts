import { ProviderError, type ProviderErrorKind } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../../db/rows';
import type { ProviderDeps } from '../../sources';

/**
 * The write path of an import: one resumable upload per file, as each provider documents it (Graph
 * createUploadSession, Drive uploadType=resumable, Blob Put Block + Put Block List). The import queue
 * keeps the UploadCheckpoint (plain JSON, fit for IndexedDB) after every send() and resumes from it.
 *
 * Loop: cp = await begin(target); while (true) { r = await send(cp, file.slice(cp.offset, cp.offset + fragmentSize));
 * if (r.state === 'done') break; cp = r.checkpoint }. After a restart: cp = await resume(saved); 'expired' → begin again.
 */
export interface UploadTarget {
  sourceId: string;
  /** Destination folder below the source's root, '/'-separated, no leading slash ('Pictures/2026/2026-12-03'). */
  folderPath: string;
  name: string;
  size: number;
  mimeType: string;
  /** The whole file's MD5 (base64) when the caller hashed it first; Blob keeps it as the blob's Content-MD5. */
  contentMd5?: string;
}

export type UploadCheckpoint = {
  kind: 'onedrive' | 'gdrive' | 'azblob';
  /** OneDrive/Drive: the pre-authenticated session URL. */
  sessionUrl?: string;
  /** Azure: the blob's URL without SAS (the uploader adds it). */
  blobUrl?: string;
  /** Azure: set on the blob when the block list is committed (Put Block List takes them, Put Block cannot). */
  contentMd5?: string;
  contentType?: string;
  /** Azure: the ids of the blocks staged so far, in order. */
  blockIds?: string[];
  /** The next byte the provider expects; send() must get the chunk starting here. */
  offset: number;
  size: number;
  /** ISO time after which the provider forgets the session, when it says so. */
  expiresAt?: string;
  /** The name the file will get (may differ from the target's after a conflict rename). */
  name: string;
  /** The target's folder, so the finished file's path is known after a restart. */
  folderPath?: string;
};

export type SendResult = { state: 'partial'; checkpoint: UploadCheckpoint } | { state: 'done'; remote: UploadedFile };

export interface UploadedFile {
  /** The provider's item id (driveItem id, Drive file id, blob name). */
  providerId: string;
  /** Path below the source's root, as the index stores it. */
  path: string;
  name: string;
  size: number;
  /** What the provider computed over the bytes it stored; compare with the local hashes before counting the file. */
  hashes: { sha1?: string; quickXorHash?: string; md5?: string; sha256?: string; contentMd5?: string };
  /** The version a listing of the destination reports, when the provider answered it, so a scan does not read the file again. */
  etag?: string | null;
  modifiedAt?: number | null;
}

export interface ResumableUploader {
  /** Bytes per send(), valid for the provider (320 KiB multiple for Graph, 256 KiB for Drive). */
  readonly fragmentSize: number;
  /** Creates the session. A name already taken is renamed by the provider or by us, never overwritten. */
  begin(target: UploadTarget, signal?: AbortSignal): Promise<UploadCheckpoint>;
  /** Asks the provider for the next missing byte; 'expired' means start this file over with begin(). */
  resume(cp: UploadCheckpoint, signal?: AbortSignal): Promise<UploadCheckpoint | 'expired'>;
  /** Sends `chunk`, which starts at cp.offset and is at most fragmentSize long (shorter only at the end). */
  send(cp: UploadCheckpoint, chunk: Blob, signal?: AbortSignal): Promise<SendResult>;
  /** Deletes the provider's unfinished session (Azure: uncommitted blocks are dropped by the service after 7 days). */
  cancel(cp: UploadCheckpoint): Promise<void>;
}

/** Picks the uploader of a connected source; async because Azure reads its secrets. Lives in ./index.ts. */
export type UploaderFor = (source: SourceRow, deps: ProviderDeps) => Promise<ResumableUploader>;

/**
 * Failures the import queue must tell apart. Still a ProviderError (one error shape): `kind` for code
 * that only knows providers, `code` for the queue. Throttling stays ProviderError kind 'throttled' with
 * retryAfterMs (the uploader does not sleep; the queue waits that long before the next send()).
 */
export type UploadErrorCode = 'quota_full' | 'session_expired' | 'name_refused';

export class UploadError extends ProviderError {
  constructor(
    readonly code: UploadErrorCode,
    kind: ProviderErrorKind,
    message: string,
    status: number | null = null,
  ) {
    super(kind, message, null, status);
    this.name = 'UploadError';
  }
}
