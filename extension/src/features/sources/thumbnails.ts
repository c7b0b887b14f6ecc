import { evictionPlan } from '@hypomos/shared/scan/lru';
import type { HypomosDb } from '../../db';
import type { IndexItem } from '@hypomos/shared/index/item';
import { type Provider, ProviderError, type ProviderItemRef } from '@hypomos/shared/providers/provider';
import { DEVICE_THUMBNAIL_MAX_BYTES } from './device-thumbnail';
import { isHeif } from './heif';
import type { SourceRow } from '../../db/rows';

/** A thumbnail of an indexed item, for the dashboard grid and the vision workers. */
export type ThumbnailSource = (key: string) => Promise<Blob>;

export const THUMB_CACHE_NAME = 'hypomos-thumbnails-v1';
// Cache keys are synthetic URLs: Cache Storage only keys by request URL.
const cacheUrl = (key: string, size: 'small' | 'large') =>
  `https://thumbnails.hypomos.invalid/${size}/${encodeURIComponent(key)}`;

/**
 * Provider thumbnails kept in Cache Storage (shared by the service worker and the extension pages),
 * with the sizes and last use in Dexie so the total stays under a cap, least recently used out first.
 */
export class ThumbnailCache {
  constructor(
    private readonly db: HypomosDb,
    private readonly capBytes: () => Promise<number> | number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, size: 'small' | 'large'): Promise<Blob | null> {
    const url = cacheUrl(key, size);
    const hit = await (await caches.open(THUMB_CACHE_NAME)).match(url);
    if (!hit) return null;
    await this.db.thumbCache.update(url, { lastUsedAt: this.now() });
    return hit.blob();
  }

  async put(key: string, size: 'small' | 'large', bytes: Uint8Array): Promise<Blob> {
    const url = cacheUrl(key, size);
    const blob = new Blob([bytes as BlobPart], { type: sniffImageType(bytes) });
    await (await caches.open(THUMB_CACHE_NAME)).put(
      url,
      new Response(blob, { headers: { 'content-type': blob.type } }),
    );
    await this.db.thumbCache.put({ url, itemKey: key, bytes: bytes.length, lastUsedAt: this.now() });
    await this.evict();
    return blob;
  }

  /** Drops the thumbnails of items that left the index. */
  async removeItems(keys: readonly string[]): Promise<void> {
    const rows = await this.db.thumbCache
      .where('itemKey')
      .anyOf([...keys])
      .toArray();
    await this.drop(rows.map((r) => r.url));
  }

  async evict(): Promise<void> {
    const cap = await this.capBytes();
    const entries = await this.db.thumbCache.toArray();
    await this.drop(evictionPlan(entries, cap));
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    await this.db.thumbCache.each((row) => {
      total += row.bytes;
    });
    return total;
  }

  private async drop(urls: string[]): Promise<void> {
    if (urls.length === 0) return;
    const cache = await caches.open(THUMB_CACHE_NAME);
    await Promise.all(urls.map((u) => cache.delete(u)));
    await this.db.thumbCache.bulkDelete(urls);
  }
}

/**
 * The dashboard's and vision workers' thumbnail source: the cached large thumbnail, else the
 * provider's, else one made on the device from the original (`makeLarge`, images the browser can decode),
 * cached on the way; else the small one kept by the scanner. Videos and undecodable images get their
 * poster from a page (`poster.ts`), which has a `<video>` element.
 */
export function createThumbnailSource(deps: {
  db: HypomosDb;
  cache: ThumbnailCache;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** Decodes and scales an original image; null when it cannot be decoded here. */
  makeLarge?: (original: Uint8Array) => Promise<Uint8Array | null>;
}): ThumbnailSource {
  return async (key) => {
    const cached = await deps.cache.get(key, 'large');
    if (cached) return cached;
    const item = await deps.db.items.get(key as never);
    if (!item) throw new Error(`No indexed item ${key}`);
    const source = await deps.db.sources.get(item.sourceId);
    if (!source) throw new Error(`No source ${item.sourceId} for ${key}`);
    const provider = await deps.providerFor(source);
    const ref = { id: item.providerItemId, path: item.folder ? `${item.folder}/${item.name}` : item.name };
    const bytes = await provider.thumbnail(ref, 'large').catch((error) => {
      // A provider that lists an item but cannot render it (404) still leaves the device a chance.
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      throw error;
    });
    if (bytes) return deps.cache.put(key, 'large', bytes);
    const made = await deviceLarge(deps.makeLarge, provider, ref, item);
    if (made) return deps.cache.put(key, 'large', made);
    const small = await deps.cache.get(key, 'small');
    if (small) return small;
    throw new Error(`${item.name} has no thumbnail at its source`);
  };
}

async function deviceLarge(
  make: ((original: Uint8Array) => Promise<Uint8Array | null>) | undefined,
  provider: Provider,
  ref: ProviderItemRef,
  item: IndexItem,
): Promise<Uint8Array | null> {
  if (!make || !decodableHere(item)) return null;
  return make(await provider.readRange(ref, 0, item.bytes!));
}

/**
 * Whether the background's createImageBitmap can make a thumbnail of the original: not a video, not too big, and
 * not HEIF, which Chromium and Firefox cannot decode (the dashboard page decodes those with libheif instead, so
 * downloading the original here would only be thrown away).
 */
export function decodableHere(item: Pick<IndexItem, 'mediaType' | 'bytes' | 'mimeType' | 'name'>): boolean {
  return (
    item.mediaType === 'image' &&
    !!item.bytes &&
    item.bytes <= DEVICE_THUMBNAIL_MAX_BYTES &&
    !isHeif(item.mimeType, item.name)
  );
}

function sniffImageType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return 'application/octet-stream';
}
