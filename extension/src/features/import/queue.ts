import { verifyRemote } from '@hypomos/shared/import/dedup-keys';
import { hexToBase64 } from '@hypomos/shared/import/local-hashes';
import { ProviderError } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../db/rows';
import type { ImportDeps } from './deps';
import { indexImported } from './index-entry';
import type { ImportFileRow } from './rows';
import { type ResumableUploader, type UploadCheckpoint, UploadError, type UploadTarget } from './upload/types';

/** The File of a row: from the picked list, or from the kept directory handle after a reload; null when gone. */
export type FileOf = (row: ImportFileRow) => Promise<File | null>;

export type RunOutcome = 'finished' | 'paused' | 'cancelled' | 'stopped';

/** Retries of one file after network failures or throttling before it is marked failed. */
const MAX_RETRIES = 5;

/** Thrown to stop the whole job: the destination is full or the sign-in is gone; what is done stays done. */
class StopJob extends Error {}

/**
 * Sends a planned job's queued files, `parallel` at a time, each resumably: the checkpoint is saved after every
 * fragment, so a reload continues at the next missing range. One file's failure is recorded on its row and the
 * rest goes on; a full destination or a lost sign-in stops the job with a message.
 */
export class ImportRun {
  private readonly abort = new AbortController();
  private stopping: 'paused' | 'cancelled' | null = null;

  constructor(
    private readonly deps: ImportDeps,
    readonly jobId: string,
    private readonly fileOf: FileOf,
    private readonly onChange: (fileId: string) => void = () => undefined,
  ) {}

  async run(): Promise<RunOutcome> {
    const { store, db } = this.deps;
    const job = await store.job(this.jobId);
    if (!job) throw new Error(`No import ${this.jobId}`);
    const source = await db.sources.get(job.sourceId);
    if (!source) {
      await store.updateJob(this.jobId, { state: 'stopped', error: 'The destination source is no longer connected' });
      return 'stopped';
    }
    await store.updateJob(this.jobId, { state: 'running', error: null });
    const uploader = await this.deps.uploaderFor(source);
    const ids = await store.idsIn(this.jobId, ['sending', 'queued']);
    let stop: StopJob | null = null;
    let next = 0;
    const lane = async () => {
      while (!stop && !this.stopping && next < ids.length) {
        const id = ids[next++] as string;
        try {
          await this.sendOne(source, uploader, id);
        } catch (error) {
          if (error instanceof StopJob) stop = error;
          else if (!this.stopping) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.parallel ?? 3) }, lane));
    if (this.stopping === 'cancelled') {
      await cancelImport(this.deps, this.jobId, uploader);
      return 'cancelled';
    }
    if (this.stopping === 'paused') {
      await store.updateJob(this.jobId, { state: 'paused' });
      return 'paused';
    }
    if (stop) {
      await store.updateJob(this.jobId, { state: 'stopped', error: (stop as StopJob).message });
      return 'stopped';
    }
    await store.updateJob(this.jobId, { state: 'finished' });
    return 'finished';
  }

  /** Stops after aborting what is in flight; checkpoints stay, so `run()` later continues. */
  pause(): void {
    this.stopping ??= 'paused';
    this.abort.abort();
  }

  /** Stops and deletes the providers' unfinished sessions; files already sent stay. */
  cancel(): void {
    this.stopping = 'cancelled';
    this.abort.abort();
  }

  private async sendOne(source: SourceRow, uploader: ResumableUploader, id: string): Promise<void> {
    const { store } = this.deps;
    const row = await store.file(id);
    if (!row?.hashes || !row.folder || !row.targetName) return;
    const file = await this.fileOf(row);
    if (!file) return this.fail(id, 'The file is no longer available: pick the folder again to send it');
    if (file.size !== row.size || file.lastModified !== row.lastModified)
      return this.fail(id, 'The file changed since it was checked: start a new import to send it');
    const signal = this.abort.signal;
    let cp: UploadCheckpoint | null = null;
    try {
      await store.updateFile(id, { state: 'sending' });
      this.onChange(id);
      const saved = row.checkpoint as UploadCheckpoint | null;
      cp = saved ? await this.resumeOrBegin(uploader, saved, row, signal) : null;
      cp ??= await uploader.begin(target(source, row, file), signal);
      await store.updateFile(id, {
        checkpoint: cp,
        bytesResent: row.bytesResent + Math.max(0, row.bytesSent - cp.offset),
      });
      let failures = 0;
      for (;;) {
        const chunk = file.slice(cp.offset, cp.offset + uploader.fragmentSize);
        let result: Awaited<ReturnType<ResumableUploader['send']>>;
        try {
          result = await uploader.send(cp, chunk, signal);
        } catch (error) {
          if (signal.aborted) return;
          const next = await this.recover(error, ++failures, uploader, cp, source, row, file, signal);
          cp = next;
          await store.updateFile(id, { checkpoint: cp, bytesSent: cp.offset });
          continue;
        }
        if (result.state === 'partial') {
          cp = result.checkpoint;
          failures = 0;
          await store.updateFile(id, { checkpoint: cp, bytesSent: cp.offset });
          this.onChange(id);
          continue;
        }
        const verdict = verifyRemote(result.remote.hashes, row.hashes);
        if (!verdict.ok) return this.fail(id, `Not imported: ${verdict.reason}`);
        const item = await indexImported(this.deps, source, file, result.remote, row.hashes.sha256);
        await store.updateFile(id, {
          state: 'done',
          checkpoint: null,
          bytesSent: row.size,
          itemKey: item.key,
          targetName: result.remote.name,
          error: null,
        });
        this.onChange(id);
        return;
      }
    } catch (error) {
      if (error instanceof StopJob) {
        // The file keeps its checkpoint and state, so resuming the job continues it.
        throw error;
      }
      if (signal.aborted) return;
      // A file given up on leaves no unfinished session behind.
      if (cp) await uploader.cancel(cp).catch(() => undefined);
      return this.fail(id, describe(error));
    }
  }

  private async resumeOrBegin(
    uploader: ResumableUploader,
    cp: UploadCheckpoint,
    row: ImportFileRow,
    signal: AbortSignal,
  ): Promise<UploadCheckpoint | null> {
    const resumed = await uploader.resume(cp, signal).catch((error: unknown) => {
      if (error instanceof UploadError && error.code === 'session_expired') return 'expired' as const;
      throw error;
    });
    if (resumed === 'expired') {
      await this.deps.store.updateFile(row.id, { checkpoint: null });
      return null;
    }
    return resumed;
  }

  /** After a failed send: wait and ask the provider where to go on, begin again, or give up. */
  private async recover(
    error: unknown,
    failures: number,
    uploader: ResumableUploader,
    cp: UploadCheckpoint,
    source: SourceRow,
    row: ImportFileRow,
    file: File,
    signal: AbortSignal,
  ): Promise<UploadCheckpoint> {
    if (error instanceof UploadError && error.code === 'quota_full')
      throw new StopJob(
        `The destination is full: ${error.message}. Files sent so far are kept; free space and resume.`,
      );
    if (error instanceof ProviderError && error.kind === 'unauthorized')
      throw new StopJob(
        `Signed out of the destination: connect it again on the Sources page, then resume (${error.message})`,
      );
    if (failures > MAX_RETRIES) throw error;
    if (
      error instanceof UploadError &&
      (error.code === 'session_expired' || (error.code === 'name_refused' && error.status === 409))
    ) {
      // An expired session or a name taken meanwhile: this one file starts over (begin renames, never overwrites).
      return uploader.begin(target(source, row, file), signal);
    }
    if (error instanceof ProviderError && (error.kind === 'throttled' || error.kind === 'network')) {
      const wait = error.retryAfterMs ?? 1000 * 2 ** (failures - 1);
      await this.deps.clock.sleep(wait);
      if (signal.aborted) throw error;
      // The fragment may have arrived in part or in full: the provider says where to go on.
      const resumed = await this.resumeOrBegin(uploader, cp, row, signal);
      return resumed ?? uploader.begin(target(source, row, file), signal);
    }
    throw error;
  }

  private async fail(id: string, reason: string): Promise<void> {
    await this.deps.store.updateFile(id, { state: 'failed', error: reason });
    this.onChange(id);
  }
}

/** Cancels a job, running or paused: the providers' unfinished sessions are deleted; files already sent stay. */
export async function cancelImport(deps: ImportDeps, jobId: string, uploader?: ResumableUploader): Promise<void> {
  const { store, db } = deps;
  const job = await store.job(jobId);
  const source = job ? await db.sources.get(job.sourceId) : undefined;
  const up = uploader ?? (source ? await deps.uploaderFor(source).catch(() => null) : null);
  for (const id of await store.idsIn(jobId, ['sending', 'queued'])) {
    const cp = (await store.file(id))?.checkpoint as UploadCheckpoint | null | undefined;
    if (cp && up) await up.cancel(cp).catch(() => undefined);
    await store.updateFile(id, { state: 'cancelled', checkpoint: null });
  }
  await store.updateJob(jobId, { state: 'cancelled' });
}

function target(source: SourceRow, row: ImportFileRow, file: File): UploadTarget {
  const md5 = row.hashes?.md5;
  return {
    sourceId: source.id,
    folderPath: row.folder as string,
    name: row.targetName as string,
    size: file.size,
    mimeType: row.mimeType,
    ...(md5 ? { contentMd5: hexToBase64(md5) } : {}),
  };
}

function describe(error: unknown): string {
  if (error instanceof UploadError && error.code === 'name_refused')
    return `The destination refused the name: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
