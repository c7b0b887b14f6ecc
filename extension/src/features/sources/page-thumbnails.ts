import type { HypomosDb } from '../../db';
import { askBackground } from './client';
import { ThumbnailCache, type ThumbnailSource } from './thumbnails';

/**
 * Thumbnails for extension pages (dashboard, vision): the shared Cache Storage first; a missing large
 * thumbnail is fetched by the background (which holds the provider sign-in) into that cache.
 */
export function pageThumbnails(db: HypomosDb): {
  large: ThumbnailSource;
  cached: (key: string) => Promise<Blob | null>;
} {
  // The cap only matters when writing, which the background does; pages read.
  const cache = new ThumbnailCache(db, () => Number.POSITIVE_INFINITY);
  const cached = async (key: string) => (await cache.get(key, 'large')) ?? (await cache.get(key, 'small'));
  const large: ThumbnailSource = async (key) => {
    const hit = await cache.get(key, 'large');
    if (hit) return hit;
    await askBackground({ type: 'sources.cacheThumbnail', key }).catch(() => null);
    const blob = await cached(key);
    if (!blob) throw new Error(`No thumbnail for ${key}`);
    return blob;
  };
  return { large, cached };
}
