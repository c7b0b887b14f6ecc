import type { ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import { askBackground } from './client';
import { mediaPath } from './media-stream';
import { videoPoster } from './poster';
import { ThumbnailCache, type ThumbnailSource } from './thumbnails';

/**
 * Thumbnails for extension pages (dashboard, vision): the shared Cache Storage first; a missing large
 * thumbnail is fetched or made by the background (which holds the provider sign-in) into that cache.
 */
export function pageThumbnails(db: HypomosDb): {
  large: ThumbnailSource;
  cached: (key: string) => Promise<Blob | null>;
  quick: (key: string) => Promise<{ blob: Blob; best: boolean } | null>;
  best: (key: string) => Promise<Blob | null>;
} {
  // The cap only matters when writing, which the background does; pages read (and write posters, which
  // the background's next eviction counts).
  const cache = new ThumbnailCache(db, () => Number.POSITIVE_INFINITY);
  const cached = async (key: string) => (await cache.get(key, 'large')) ?? (await cache.get(key, 'small'));
  const quick = async (key: string) => {
    const hit = await cache.get(key, 'large');
    if (hit) return { blob: hit, best: true };
    const small = await cache.get(key, 'small');
    return small ? { blob: small, best: false } : null;
  };
  const large: ThumbnailSource = async (key) => {
    const hit = await cache.get(key, 'large');
    if (hit) return hit;
    await askBackground({ type: 'sources.cacheThumbnail', key }).catch(() => null);
    const blob = await cached(key);
    if (!blob) throw new Error(`No thumbnail for ${key}`);
    return blob;
  };
  const inFlight = new Map<string, Promise<Blob | null>>();
  /**
   * The large thumbnail, from the cache, the provider, the device (background), or for a video a poster
   * frame made here; the small one when none can be had. Requests for one key are shared.
   */
  const best = (key: string): Promise<Blob | null> => {
    const running = inFlight.get(key);
    if (running) return running;
    const task = (async () => {
      const hit = await cache.get(key, 'large');
      if (hit) return hit;
      await askBackground({ type: 'sources.cacheThumbnail', key }).catch(() => null);
      const made = await cache.get(key, 'large');
      if (made) return made;
      const item = await db.items.get(key as ItemKey);
      if (item?.mediaType === 'video') {
        const poster = await videoPoster(mediaPath(key)).catch(() => null);
        if (poster) return cache.put(key, 'large', poster);
      }
      return cache.get(key, 'small');
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, task);
    return task;
  };
  return { large, cached, quick, best };
}
