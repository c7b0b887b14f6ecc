import type { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import { captureMs } from '@hypomos/shared/index/capture-date';
import { mapLimit } from '../sources';
import type { ImportDeps, PickedFile } from './deps';
import { blobReader } from './hash-file';
import { planJob } from './plan-job';
import type { ImportFileRow, ImportJobRow } from './rows';
import { fileKey } from './store';

export interface PrepareOptions {
  sourceId: string;
  pattern: string;
  label: string;
  dirHandle: FileSystemDirectoryHandle | null;
}

/** Rows written per transaction while preparing. */
const BATCH = 100;

/**
 * Hashes and reads the capture time of every picked file, keeps a row per file, then plans the job. Files
 * are read two at a time: hashing is the bottleneck and the worker is one thread.
 */
export async function prepareImport(
  deps: ImportDeps,
  picked: PickedFile[],
  opts: PrepareOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportJobRow> {
  const jobId = deps.clock.id();
  const job = await deps.store.createJob({
    jobId,
    state: 'preparing',
    sourceId: opts.sourceId,
    pattern: opts.pattern,
    createdAt: deps.clock.now(),
    error: null,
    dirHandle: opts.dirHandle,
    label: opts.label,
  });
  let buffer: ImportFileRow[] = [];
  let done = 0;
  await mapLimit(
    picked.map((p, seq) => ({ ...p, seq })),
    2,
    async ({ file, relPath, seq }) => {
      // Read first: `buffer.push(await …)` would push into the array a parallel lane may have swapped out and written.
      const row = await readPicked(deps, jobId, seq, file, relPath);
      buffer.push(row);
      done++;
      if (buffer.length >= BATCH) {
        const rows = buffer;
        buffer = [];
        await deps.store.putFiles(rows);
      }
      onProgress?.(done, picked.length);
    },
  );
  await deps.store.putFiles(buffer);
  await planJob(deps, jobId);
  await deps.store.updateJob(jobId, { state: 'planned' });
  return { ...job, state: 'planned' };
}

async function readPicked(
  deps: ImportDeps,
  jobId: string,
  seq: number,
  file: File,
  relPath: string,
): Promise<ImportFileRow> {
  let hashes: LocalHashes | null = null;
  let readError: string | null = null;
  let takenAt: number | null = null;
  try {
    hashes = await deps.hashFile(file);
    if (file.size > 0) {
      const m = await deps.extractMetadata(blobReader(file), {
        name: file.name,
        mimeType: file.type || null,
        bytes: file.size,
      });
      // The index's capture-time rule, without its provider fallbacks: no capture time means the file's date.
      if (m.takenAtLocal || m.takenAtUtc) takenAt = captureMs(m, { takenAt: null, createdAt: null, modifiedAt: 0 });
    }
  } catch (error) {
    readError = `The file could not be read: ${(error as Error).message || (error as Error).name}`;
  }
  return {
    id: fileKey(jobId, seq),
    jobId,
    kind: 'file',
    seq,
    relPath,
    name: file.name,
    size: file.size,
    lastModified: file.lastModified,
    mimeType: file.type || 'application/octet-stream',
    hashes,
    readError,
    takenAt,
    // The file's date on the wall clock of this device, the scale capture times are kept on.
    fileDateWall: file.lastModified - new Date(file.lastModified).getTimezoneOffset() * 60_000,
    state: 'waiting',
    planKind: null,
    planNote: null,
    forced: false,
    folder: null,
    targetName: null,
    checkpoint: null,
    bytesSent: 0,
    bytesResent: 0,
    error: null,
    itemKey: null,
  };
}
