import sharp from 'sharp';
import type { StoredNode } from './media-store';

export interface RenderedThumbnail {
  bytes: Buffer;
  width: number;
  height: number;
}

const cache = new Map<string, Promise<RenderedThumbnail | null>>();

/**
 * A JPEG thumbnail of a node that fits inside `longEdge` × `boxHeight` (a square by default; never enlarged), rendered from the original
 * when it is a JPEG or PNG, else from the seeded preview. Items seeded without a thumbnail (videos, HEIC, WebP)
 * have none, as before. Cached per node version and size.
 */
export function renderThumbnail(
  node: StoredNode,
  longEdge: number,
  boxHeight = longEdge,
): Promise<RenderedThumbnail | null> {
  if (!node.thumbnail) return Promise.resolve(null);
  const key = `${node.id}:${node.version}:${longEdge}x${boxHeight}`;
  let entry = cache.get(key);
  if (!entry) {
    const source = /^image\/(jpeg|png)$/.test(node.mimeType) && node.content ? node.content : node.thumbnail.bytes;
    entry = sharp(source)
      .rotate()
      .resize({ width: longEdge, height: boxHeight, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => ({ bytes: data, width: info.width, height: info.height }));
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}
