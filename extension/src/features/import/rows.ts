import { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import { z } from 'zod';

/**
 * The rows of the `imports` table (db/index.ts v8), owned by ./store.ts: one job row per import and one row
 * per picked file. Everything needed to resume after a reload is here; only the File itself is not (the
 * browser gives it back through the kept directory handle, or the user picks the folder again).
 */
export const ImportJobState = z.enum(['preparing', 'planned', 'running', 'paused', 'stopped', 'cancelled', 'finished']);
export type ImportJobState = z.infer<typeof ImportJobState>;

export const ImportJobRow = z.object({
  id: z.string(),
  jobId: z.string(),
  kind: z.literal('job'),
  state: ImportJobState,
  sourceId: z.string(),
  pattern: z.string(),
  createdAt: z.number(),
  /** Why the job stopped on its own (quota full, signed out); null otherwise. */
  error: z.string().nullable(),
  /** The picked folder when the File System Access API gave one (structured-cloneable into IndexedDB). */
  dirHandle: z.custom<FileSystemDirectoryHandle>().nullable(),
  /** The picked folder's name or "N files", for the page. */
  label: z.string(),
});
export type ImportJobRow = z.infer<typeof ImportJobRow>;

export const ImportFileState = z.enum(['waiting', 'queued', 'sending', 'done', 'skipped', 'failed', 'cancelled']);
export type ImportFileState = z.infer<typeof ImportFileState>;

const Checkpoint = z.object({
  kind: z.enum(['onedrive', 'gdrive', 'azblob']),
  sessionUrl: z.string().optional(),
  blobUrl: z.string().optional(),
  contentMd5: z.string().optional(),
  contentType: z.string().optional(),
  blockIds: z.array(z.string()).optional(),
  offset: z.number(),
  size: z.number(),
  expiresAt: z.string().optional(),
  name: z.string(),
  folderPath: z.string().optional(),
});

export const ImportFileRow = z.object({
  id: z.string(),
  jobId: z.string(),
  kind: z.literal('file'),
  /** Position in the picked order (the plan keeps the first of identical files). */
  seq: z.number().int(),
  /** Path inside the picked folder ('DCIM/100CANON/IMG_1.JPG'), or the file's name. */
  relPath: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  lastModified: z.number(),
  mimeType: z.string(),
  hashes: LocalHashes.nullable(),
  readError: z.string().nullable(),
  takenAt: z.number().nullable(),
  fileDateWall: z.number(),
  state: ImportFileState,
  /** What the plan decided, with its reason ('new', 'duplicate', …) and where a duplicate already is. */
  planKind: z.enum(['new', 'duplicate', 'repeat', 'unwanted', 'unreadable', 'empty']).nullable(),
  planNote: z.string().nullable(),
  forced: z.boolean(),
  folder: z.string().nullable(),
  targetName: z.string().nullable(),
  checkpoint: Checkpoint.nullable(),
  /** Bytes the destination acknowledged; resends after a resume are counted in `bytesResent`. */
  bytesSent: z.number(),
  bytesResent: z.number(),
  error: z.string().nullable(),
  /** The index key of the imported item. */
  itemKey: z.string().nullable(),
});
export type ImportFileRow = z.infer<typeof ImportFileRow>;

export type ImportRow = ImportJobRow | ImportFileRow;
