import { itemKey } from '@hypomos/shared/index/item';
import { type Provider, ProviderItem } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../../db';
import type { SourceRow } from '../../../db/rows';
import { getItems } from '../../library';
import { MessageError } from '../../messages';
import { failuresOf, queuePending } from '../../sources';
import type { FolderRef, ItemOutcome } from '../messages';

/** What the host actions need from the scanner: the provider of a source, and a run that reads the queue. */
export interface ScannerAccess {
  db: HypomosDb;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** Reads every queued (`pending`) item of the source now; resolves when the queue is drained. */
  drain: (sourceId: string) => Promise<void>;
}

export interface HostIndexer {
  indexItems(source: SourceRow, ids: readonly string[]): Promise<ItemOutcome[]>;
  indexFolder(source: SourceRow, folder: FolderRef): Promise<number>;
}

/**
 * "Index now" from a host page: fetch the facts of exactly these items (or this folder's items), queue
 * them in `pending` like a listing page would, and let the scanner drain the queue. The index then
 * says per item whether it was indexed, and the `failed` table says why not.
 */
export function createHostIndexer(scanner: ScannerAccess): HostIndexer {
  const { db } = scanner;

  async function queue(source: SourceRow, items: ProviderItem[]): Promise<void> {
    const rows = items.map((item) => ({
      key: itemKey(source.id, item.id),
      sourceId: source.id,
      item: ProviderItem.parse(item),
    }));
    await queuePending(db, rows);
    await scanner.drain(source.id);
  }

  return {
    async indexItems(source, ids) {
      const provider = await scanner.providerFor(source);
      const found = provider.items
        ? await provider.items(ids)
        : await fromFullListing(provider, (i) => ids.includes(i.id));
      await queue(source, found);
      const keys = ids.map((id) => itemKey(source.id, id));
      const [indexed, failed] = await Promise.all([getItems(db, keys), failuresOf(db, keys)]);
      const known = new Set(found.map((i) => i.id));
      return ids.map((id, n): ItemOutcome => {
        if (indexed[n]) return { id, ok: true, reason: null };
        if (!known.has(id)) return { id, ok: false, reason: 'not a photo or video in this source (or not found)' };
        return { id, ok: false, reason: failed[n]?.reason ?? 'still queued: a sync of this source is running' };
      });
    },

    async indexFolder(source, folder) {
      const provider = await scanner.providerFor(source);
      let items: ProviderItem[];
      if (provider.listFolder) items = await provider.listFolder(folder);
      else if (folder.path !== null || folder.id === 'root') {
        const path = folder.path ?? '';
        items = await fromFullListing(provider, (i) => i.folder === path);
      } else {
        items = await fromFullListing(provider, (i) => i.parentId === folder.id);
      }
      await queue(source, items);
      return items.length;
    },
  };
}

/** Without item look-ups, walk a full listing (the provider's own paging) and keep what matches. */
async function fromFullListing(provider: Provider, keep: (item: ProviderItem) => boolean): Promise<ProviderItem[]> {
  const out: ProviderItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await provider.changes(cursor);
    out.push(...page.upserts.filter(keep));
    if (page.done) return out;
    cursor = page.cursor;
  }
  throw new MessageError('failed', 'The listing did not end');
}
