import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import { DEVICE_THUMBNAIL_MAX_BYTES } from './device-thumbnail';
import { heicThumbnail } from './heic-client';
import { isHeif } from './heif';
import { mediaPath } from '../../platform/media-path';
import { videoPoster } from './poster';
import { ThumbnailCache, type ThumbnailSource } from './thumbnails';
import { ask } from '../../protocol';

/**
 * Thumbnails for extension pages (dashboard, vision): the shared Cache Storage first; a missing large
 * thumbnail is fetched or made by the background (which holds the provider sign-in) into that cache.
 */
export function pageThumbnails(db: HypomosDb): {
  large: ThumbnailSource;
  cached: (key: string) => Promise<Blob | null>;
  quick: (key: string) => Promise<{ blob: Blob; best: boolean } | null>;
  best: (key: string) => Promise<Blob | null>;
  /** A video frame made elsewhere (the vision runner's poster) becomes the large thumbnail of an item without one. */
  posters: { has: (key: string) => Promise<boolean>; put: (key: string, jpeg: Blob) => Promise<void> };
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
    await ask('sources.cacheThumbnail', { key }).catch(() => null);
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
      await ask('sources.cacheThumbnail', { key }).catch(() => null);
      const fetched = await cache.get(key, 'large');
      if (fetched) return fetched;
      const item = await db.items.get(key as ItemKey);
      const made = item
        ? await makeHere(item).catch((error: unknown) => {
            console.warn(`Hypomos: no thumbnail made for ${item.name}`, error);
            return null;
          })
        : null;
      if (made) return cache.put(key, 'large', made);
      return cache.get(key, 'small');
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, task);
    return task;
  };
  const posters = {
    has: async (key: string) => {
      if (await cache.get(key, 'large')) return true;
      await ask('sources.cacheThumbnail', { key }).catch(() => null);
      return (await cache.get(key, 'large')) !== null;
    },
    put: async (key: string, jpeg: Blob) => {
      await cache.put(key, 'large', new Uint8Array(await jpeg.arrayBuffer()));
    },
  };
  return { large, cached, quick, best, posters };
}

/** What the background cannot make (it has no `<video>` and no HEIC decoder): a poster frame, a HEIC preview. */
function makeHere(item: IndexItem): Promise<Uint8Array | null> {
  if (item.mediaType === 'video') return videos.run(() => videoPoster(mediaPath(item.key)));
  if (isHeif(item.mimeType, item.name) && item.bytes && item.bytes <= DEVICE_THUMBNAIL_MAX_BYTES)
    return heics.run(async () => heicThumbnail(await readAll(mediaPath(item.key), item.bytes!)));
  return Promise.resolve(null);
}

/** The whole file through the service worker's media stream, which answers in Range chunks. */
async function readAll(url: string, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const res = await fetch(url, { headers: { range: `bytes=${at}-` } });
    if (res.status !== 206) throw new Error(`media stream answered ${res.status}`);
    const chunk = new Uint8Array(await res.arrayBuffer());
    if (chunk.byteLength === 0) break;
    out.set(chunk.subarray(0, size - at), at);
    at += chunk.byteLength;
  }
  return out;
}

/** Runs at most `n` tasks at once, the others wait their turn. */
function queue(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      try {
        return await task();
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
  };
}

// Decoding is heavy: a screen of tiles asking at once must not starve the page. libheif decodes one image at a
// time in its worker anyway.
const videos = queue(2);
const heics = queue(1);
