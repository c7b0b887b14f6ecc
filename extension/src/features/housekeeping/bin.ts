import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import { type Provider, ProviderError } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { recordTombstones, refOf } from '../sharing';

/**
 * The recycle bin of the housekeeping review. Binning deletes at the source through the provider (OneDrive: its
 * recycle bin; Drive: the owner's trash; Blob: for good, after the user confirmed), remembers the index row, and asks
 * for a sync of the source. The sync then finds the item gone and takes the one road every deletion takes: the index
 * drops it, the removal outbox withdraws it from every share and revokes its links (sharing/withdraw.ts).
 * Restoring asks the provider to bring the file back under its id, puts the remembered row back (tags, likes and
 * rating survive) and syncs again.
 */

export interface BinDeps {
  db: HypomosDb;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** Starts a sync of the source (the background's scanner), so the deletion or the restore reaches the index. */
  sync: (sourceId: string) => Promise<void>;
  now: () => number;
}

/** Per item, as bulk calls answer: done, or why not. */
export type BinOutcome =
  | { key: string; ok: true }
  | {
      key: string;
      ok: false;
      reason: 'not_indexed' | 'not_deletable' | 'not_restorable' | 'provider';
      message: string;
    };

/** What deleting means for a source: its provider's bin, for good, or not at all (local folders are read-only). */
export async function deletionOf(deps: Pick<BinDeps, 'providerFor'>, source: SourceRow): Promise<Provider['deletes']> {
  if (source.kind === 'local') return undefined;
  return (await deps.providerFor(source)).deletes;
}

export async function binItems(deps: BinDeps, keys: readonly string[]): Promise<BinOutcome[]> {
  const { db } = deps;
  const items = await db.items.bulkGet(keys as ItemKey[]);
  const out: BinOutcome[] = [];
  const touched = new Set<string>();
  const providers = new Map<string, Promise<Provider | null>>();
  const providerOf = (sourceId: string) => {
    let p = providers.get(sourceId);
    if (!p) {
      p = db.sources.get(sourceId).then((s) => (s ? deps.providerFor(s) : null));
      providers.set(sourceId, p);
    }
    return p;
  };
  for (const [i, key] of keys.entries()) {
    const item = items[i];
    if (!item) {
      out.push({ key, ok: false, reason: 'not_indexed', message: 'No longer in the library' });
      continue;
    }
    const provider = await providerOf(item.sourceId).catch(() => null);
    if (!provider?.trash || !provider.deletes) {
      out.push({ key, ok: false, reason: 'not_deletable', message: 'Hypomos does not delete files in this source' });
      continue;
    }
    try {
      await provider.trash(refOf(item));
    } catch (error) {
      out.push({ key, ok: false, reason: 'provider', message: messageOf(error) });
      continue;
    }
    await db.transaction('rw', [db.bin, db.tombstones, db.kept], async () => {
      await db.bin.put({ key, sourceId: item.sourceId, binnedAt: deps.now(), where: provider.deletes!, item });
      await db.kept.delete(key);
      // "Once deleted, always flagged": the same content uploaded again shows as unwanted in the review.
      await recordTombstones(db, [{ sha256: item.sha256, phash: item.phash }], deps.now());
    });
    touched.add(item.sourceId);
    out.push({ key, ok: true });
  }
  await Promise.all([...touched].map((s) => deps.sync(s).catch(() => undefined)));
  return out;
}

export async function restoreItems(deps: BinDeps, keys: readonly string[]): Promise<BinOutcome[]> {
  const { db } = deps;
  const rows = await db.bin.bulkGet(keys as string[]);
  const out: BinOutcome[] = [];
  const touched = new Set<string>();
  for (const [i, key] of keys.entries()) {
    const row = rows[i];
    const source = row && (await db.sources.get(row.sourceId));
    if (!row || !source || row.where !== 'bin') {
      out.push({ key, ok: false, reason: 'not_restorable', message: 'Deleted for good: it cannot be restored here' });
      continue;
    }
    try {
      const provider = await deps.providerFor(source);
      if (!provider.restore) throw new ProviderError('forbidden', 'This source cannot restore from its bin');
      await provider.restore(refOf(row.item));
    } catch (error) {
      out.push({ key, ok: false, reason: 'provider', message: messageOf(error) });
      continue;
    }
    await db.transaction('rw', [db.bin, db.items, db.tombstones], async () => {
      // The sync that follows merges the provider's facts into this row and keeps the user's (scanner/drain.ts).
      await db.items.put(row.item as IndexItem);
      await db.bin.delete(key);
      const ids = [row.item.sha256 && `sha256:${row.item.sha256}`, row.item.phash && `phash:${row.item.phash}`];
      await db.tombstones.bulkDelete(ids.filter((id): id is string => !!id));
    });
    touched.add(row.sourceId);
    out.push({ key, ok: true });
  }
  await Promise.all([...touched].map((s) => deps.sync(s).catch(() => undefined)));
  return out;
}

/** Items kept in the review are not proposed again; undoing a keep proposes them again. */
export async function keepItems(db: HypomosDb, keys: readonly string[], now: number): Promise<void> {
  await db.kept.bulkPut(keys.map((key) => ({ key, keptAt: now })));
}
export async function unkeepItems(db: HypomosDb, keys: readonly string[]): Promise<void> {
  await db.kept.bulkDelete(keys as string[]);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
