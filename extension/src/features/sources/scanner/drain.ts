import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import { ProviderError, ProviderItem } from '@hypomos/shared/providers/provider';
import { versionOf } from '@hypomos/shared/scan/plan';
import { toIndexItem } from '@hypomos/shared/scan/to-index-item';
import { exifThumbnail } from '@hypomos/shared/metadata/exif-thumbnail';
import type { FailedRow, PendingRow } from '../../../db/rows';
import { errorMessage, type SourceContext } from './context';
import { createLimiter, type Limiter, mapLimit } from './limit';
import { ProviderRangeReader } from './range-reader';
import { withRetry } from './retry';

type Outcome = { kind: 'indexed'; item: IndexItem; failure: FailedRow | null } | { kind: 'failed'; failure: FailedRow };

/** Errors that stop the whole drain (the items stay queued): retrying later, or signing in again, fixes them. */
const stopsDrain = (error: unknown) =>
  error instanceof ProviderError && (error.kind === 'throttled' || error.kind === 'unauthorized');

/**
 * Reads every queued item of a source: metadata from the head of the file (Range reads), a blurhash
 * from the provider's small thumbnail; one transaction per batch of results writes the items, records
 * the failures and removes them from the queue. Workers keep reading while a batch commits. A worker
 * stopped mid-batch reads that batch again; nothing is removed from the queue before its result is saved.
 */
export async function drainPending(ctx: SourceContext): Promise<void> {
  const { db, clock } = ctx.deps;
  const id = ctx.source.id;
  const concurrency = ctx.deps.concurrency ?? 4;
  const batchSize = ctx.deps.batchSize ?? 16;
  const limit = createLimiter(concurrency);
  const started = await db.syncState.get(id);
  if (started && !started.drainStartedAt) await db.syncState.update(id, { drainStartedAt: clock.now(), drainDone: 0 });
  for (;;) {
    // Keys only: cheap even for a large first scan; rows are read when a worker takes them.
    const keys = (await db.pending.where('sourceId').equals(id).primaryKeys()) as string[];
    if (keys.length === 0) return;
    let stop: ProviderError | null = null as ProviderError | null;
    let buffer: Done[] = [];
    let committing: Promise<void> = Promise.resolve();
    const flush = () => {
      const batch = buffer;
      buffer = [];
      committing = committing.then(async () => {
        await commit(ctx, batch);
        ctx.deps.onProgress?.(id);
      });
      return committing;
    };
    await mapLimit(keys, concurrency, async (key) => {
      if (stop) return;
      const row = await db.pending.get(key);
      if (!row) return;
      let outcome: Outcome;
      try {
        outcome = await readOne(ctx, row, limit);
      } catch (error) {
        if (stopsDrain(error)) {
          stop = error as ProviderError;
          return;
        }
        outcome = failure(ctx, row, error);
      }
      buffer.push({ row, outcome });
      if (buffer.length >= batchSize) await flush();
    });
    await flush();
    if (stop) throw stop;
  }
}

type Done = { row: PendingRow; outcome: Outcome };

async function readOne(ctx: SourceContext, row: PendingRow, limit: Limiter): Promise<Outcome> {
  const { provider, deps } = ctx;
  const item = ProviderItem.parse(row.item);
  const ref = { id: item.id, path: item.folder ? `${item.folder}/${item.name}` : item.name };
  const retrying = <T>(task: () => Promise<T>) =>
    limit(() => withRetry(task, { clock: deps.clock, policy: deps.retry }));
  // `readMode: whole` downloads each file in one request: the baseline the benchmark compares with.
  const minRead = ctx.source.config.readMode === 'whole' ? Number.MAX_SAFE_INTEGER : (deps.minRead ?? 64 * 1024);
  const reader = ProviderRangeReader.over(provider, ref, item.bytes, retrying, minRead);
  const metadata = await deps.extractMetadata(reader, {
    name: item.name,
    mimeType: item.mimeType,
    bytes: item.bytes,
    providerTakenAt: item.takenAt,
    providerModifiedAt: item.modifiedAt ?? item.createdAt,
  });
  if (reader.ioError) throw reader.ioError;
  const blurhash = await thumbnailBlurhash(ctx, row.key, ref, retrying, () =>
    embeddedPreview(ctx, reader, metadata.orientation),
  );
  const indexed = {
    ...toIndexItem({
      sourceId: ctx.source.id,
      sourceKind: ctx.source.kind,
      item,
      metadata,
      blurhash,
      bytesRead: reader.bytesRead,
      now: deps.clock.now(),
    }),
    // The queued key: an item moved here by tiering keeps its old key (scanner/list.ts resolves the alias).
    key: row.key as ItemKey,
  };
  // A file the parser could not make sense of still belongs in the library (provider facts), and the
  // reason is recorded so it is not read again until it changes.
  const failed = metadata.error ? failureRow(ctx, row.key, item, metadata.error, false) : null;
  return { kind: 'indexed', item: indexed, failure: failed };
}

async function thumbnailBlurhash(
  ctx: SourceContext,
  key: string,
  ref: { id: string; path: string },
  retrying: Limiter,
  onDevice: () => Promise<Uint8Array | null>,
): Promise<string | null> {
  try {
    const thumb = (await retrying(() => ctx.provider.thumbnail(ref, 'small'))) ?? (await onDevice());
    if (!thumb) return null;
    await ctx.deps.keepThumbnail?.(key, thumb).catch(() => undefined);
    return await ctx.deps.blurhash(thumb);
  } catch (error) {
    if (stopsDrain(error)) throw error;
    // A missing or undecodable thumbnail costs the placeholder only, not the item.
    return null;
  }
}

/**
 * Without a provider thumbnail: the camera's EXIF preview, found in the head the metadata pass already
 * read (the reader caches it), turned upright. Larger device thumbnails are made on demand (thumbnails.ts).
 */
async function embeddedPreview(
  ctx: SourceContext,
  reader: ProviderRangeReader,
  orientation: number | null,
): Promise<Uint8Array | null> {
  const orient = ctx.deps.orientPreview;
  if (!orient) return null;
  const preview = await exifThumbnail(reader);
  return preview ? orient(preview, orientation) : null;
}

function failure(ctx: SourceContext, row: PendingRow, error: unknown): Outcome {
  const parsed = ProviderItem.safeParse(row.item);
  const transient = error instanceof ProviderError && error.kind === 'network';
  const item = parsed.success ? parsed.data : null;
  return { kind: 'failed', failure: failureRow(ctx, row.key, item, errorMessage(error), transient) };
}

function failureRow(
  ctx: SourceContext,
  key: string,
  item: ProviderItem | null,
  reason: string,
  transient: boolean,
): FailedRow {
  return {
    key,
    sourceId: ctx.source.id,
    path: item ? (item.folder ? `${item.folder}/${item.name}` : item.name) : key,
    reason,
    etag: item ? versionOf(item) : null,
    at: ctx.deps.clock.now(),
    transient,
    item: transient ? item : undefined,
  };
}

async function commit(ctx: SourceContext, done: Done[]): Promise<void> {
  if (done.length === 0) return;
  const { db } = ctx.deps;
  const id = ctx.source.id;
  await db.transaction('rw', [db.items, db.pending, db.failed, db.syncState], async () => {
    // A row queued again meanwhile with another version (e.g. "index now" from a host page) stays queued.
    const current = await db.pending.bulkGet(done.map((d) => d.row.key));
    const kept = done.filter((d, i) => current[i] && sameItem(current[i]!.item, d.row.item));
    const doneKeys = kept.map((d) => d.row.key);
    const outcomes = kept.map((d) => d.outcome);
    const indexed = outcomes.filter((o) => o.kind === 'indexed');
    const existing = await db.items.bulkGet(indexed.map((o) => o.item.key));
    const previousFailures = await db.failed.bulkGet(doneKeys);
    // Merge inside the transaction: tags or labels written meanwhile by the dashboard are kept.
    await db.items.bulkPut(indexed.map((o, i) => ({ ...o.item, ...userFields(existing[i]) })));
    const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
    const attempts = new Map(previousFailures.flatMap((f) => (f ? [[f.key, f.attempts ?? 1] as const] : [])));
    await db.failed.bulkDelete(doneKeys);
    await db.failed.bulkPut(failures.map((f) => ({ ...f, attempts: (attempts.get(f.key) ?? 0) + 1 })));
    await db.pending.bulkDelete(doneKeys);
    const state = await db.syncState.get(id);
    if (state) {
      const bytes = indexed.reduce((sum, o) => sum + o.item.bytesRead, 0);
      await db.syncState.put({
        ...state,
        indexed: state.indexed + indexed.length,
        failedCount: state.failedCount + failures.length,
        bytesRead: state.bytesRead + bytes,
        drainDone: (state.drainDone ?? 0) + kept.length,
      });
    }
  });
}

const sameItem = (a: unknown, b: unknown) => {
  const x = ProviderItem.safeParse(a);
  const y = ProviderItem.safeParse(b);
  return x.success && y.success
    ? x.data.id === y.data.id &&
        versionOf(x.data) === versionOf(y.data) &&
        x.data.folder === y.data.folder &&
        x.data.name === y.data.name
    : false;
};

function userFields(existing: IndexItem | undefined): Partial<IndexItem> {
  if (!existing) return {};
  const { tags, labels, people, liked, rating, unwanted, ocrText, phash, addedAt } = existing;
  return { tags, labels, people, liked, rating, unwanted, ocrText, phash, addedAt };
}
