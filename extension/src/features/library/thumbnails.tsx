import { decode } from 'blurhash';
import { createContext, useContext, useEffect, useState } from 'react';
import type { CatalogItem } from './catalog';

/**
 * Where thumbnails come from. The scanner caches provider thumbnails and can supply its own source;
 * the default uses the provider preview URL stored on the item.
 */
export interface ThumbnailSource {
  url(item: CatalogItem, size: number): Promise<string | null>;
  /** A sharper image when `url` gave a stopgap (the small thumbnail, or none): fetched or made on demand. */
  better?(item: CatalogItem): Promise<string | null>;
}

export const itemThumbnailSource: ThumbnailSource = {
  url: async (item) => item.thumbnailUrl,
};

export const ThumbnailContext = createContext<ThumbnailSource>(itemThumbnailSource);

const placeholderCache = new Map<string, string>();
const PLACEHOLDER_CACHE_MAX = 3000;

/** Decodes a blurhash into a tiny PNG data URL (cached); null when the hash is malformed. */
export function blurhashDataUrl(hash: string): string | null {
  const hit = placeholderCache.get(hash);
  if (hit) return hit;
  try {
    const w = 16;
    const h = 16;
    const pixels = decode(hash, w, h);
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const img = ctx.createImageData(w, h);
    img.data.set(pixels);
    ctx.putImageData(img, 0, 0);
    const url = canvas.toDataURL();
    if (placeholderCache.size >= PLACEHOLDER_CACHE_MAX) placeholderCache.delete(placeholderCache.keys().next().value!);
    placeholderCache.set(hash, url);
    return url;
  } catch {
    return null;
  }
}

/** The sharpest image of an item the source can give: the quick one at once, then the better one when ready. */
export function useBestImage(item: CatalogItem | undefined, size: number): string | null {
  const source = useContext(ThumbnailContext);
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    if (!item) return;
    source
      .url(item, size)
      .then((u) => live && setSrc(u))
      .then(() => (live ? source.better?.(item) : null))
      .then(
        (u) => live && u && setSrc(u),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [item, size, source]);
  return src;
}

/** A blurhash placeholder with the thumbnail fading in over it once loaded. */
export function Thumb({ item, size = 320 }: { item: CatalogItem; size?: number }) {
  const source = useContext(ThumbnailContext);
  const [src, setSrc] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    setLoaded(false);
    source
      .url(item, size)
      .then(
        (u) => live && setSrc(u),
        () => live && setSrc(null),
      )
      .then(() => (live ? source.better?.(item) : null))
      .then(
        (u) => live && u && setSrc(u),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [item, size, source]);
  const placeholder = item.blurhash ? blurhashDataUrl(item.blurhash) : null;
  return (
    <div className="thumb" data-loaded={loaded ? '1' : '0'}>
      {placeholder && (
        <img className="thumb-placeholder" src={placeholder} alt="" aria-hidden="true" draggable={false} />
      )}
      {src && (
        <img
          className="thumb-image"
          src={src}
          alt={item.name}
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={() => setLoaded(true)}
        />
      )}
      {item.mediaType === 'video' && <span className="thumb-badge">▶</span>}
    </div>
  );
}

/**
 * Adapts blob-returning sources (the thumbnail cache) to URLs: `quick` answers from the cache at once, saying
 * whether that is already the best there is; `best` fetches or makes the large one. Falls back to `fallback`
 * when neither has anything. Object URLs are kept per key and reused.
 */
export function blobThumbnailSource(
  quick: (key: string) => Promise<{ blob: Blob; best: boolean } | null>,
  fallback: ThumbnailSource,
  best?: (key: string) => Promise<Blob | null>,
): ThumbnailSource {
  const urls = new Map<string, { url: string; best: boolean }>();
  const remember = (key: string, blob: Blob, isBest: boolean) => {
    const old = urls.get(key);
    if (old) URL.revokeObjectURL(old.url);
    const url = URL.createObjectURL(blob);
    urls.set(key, { url, best: isBest });
    return url;
  };
  return {
    async url(item, size) {
      const known = urls.get(item.key);
      if (known) return known.url;
      const hit = await quick(item.key).catch(() => null);
      if (!hit) return fallback.url(item, size);
      return remember(item.key, hit.blob, hit.best);
    },
    async better(item) {
      const known = urls.get(item.key);
      if (!best || known?.best) return null;
      const blob = await best(item.key).catch(() => null);
      return blob ? remember(item.key, blob, true) : null;
    },
  };
}
