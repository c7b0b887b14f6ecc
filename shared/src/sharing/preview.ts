import type { DeliveryDescriptor } from './delivery';

export interface PreviewSource {
  mediaType: 'image' | 'video';
  thumbnailUrl: string | null;
  originalUrl: string;
  delivery: DeliveryDescriptor | null;
}

/**
 * The images a guest's grid tile would try, in order: the delivery descriptor's grid when it has one, else the
 * published thumbnail and, for a photo, the original. A video without a thumbnail has none (a poster placeholder shows).
 */
export function previewThumbnails(item: PreviewSource): string[] {
  if (item.delivery && item.delivery.grid.length > 0) return item.delivery.grid;
  return [item.thumbnailUrl, item.mediaType === 'image' ? item.originalUrl : null].filter((u): u is string => !!u);
}
