import { decode } from 'blurhash';
import { createContext, useContext, useEffect, useState } from 'react';
import type { CatalogItem } from './catalog';

/**
 * Where thumbnails come from. The scanner caches provider thumbnails and can supply its own source;
 * the default uses the provider preview URL stored on the item.
 */
export interface ThumbnailSource {
  url(item: CatalogItem, size: number): Promise<string | null>;
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

/** A blurhash placeholder with the thumbnail fading in over it once loaded. */
export function Thumb({ item, size = 320 }: { item: CatalogItem; size?: number }) {
  const source = useContext(ThumbnailContext);
  const [src, setSrc] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    setLoaded(false);
    source.url(item, size).then(
      (u) => live && setSrc(u),
      () => live && setSrc(null),
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
 * Adapts a blob-returning source (the scanner's thumbnail cache) to URLs, falling back to `fallback`
 * when it has nothing. Object URLs are kept per key and reused.
 */
export function blobThumbnailSource(
  get: (key: string) => Promise<Blob | null>,
  fallback: ThumbnailSource,
): ThumbnailSource {
  const urls = new Map<string, string>();
  return {
    async url(item, size) {
      const known = urls.get(item.key);
      if (known) return known;
      const blob = await get(item.key).catch(() => null);
      if (!blob) return fallback.url(item, size);
      const url = URL.createObjectURL(blob);
      urls.set(item.key, url);
      return url;
    },
  };
}
