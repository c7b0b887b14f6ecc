import type { PublishItemInput } from '../api/collections';
import type { IndexItem } from '../index/item';
import type { DeliveryDescriptor } from './delivery';

/** What the owner chose to send besides the minimum (rule 2: the owner's device decides). */
export interface MetadataChoice {
  /** Place name (and nothing finer: coordinates are never sent). */
  includePlace: boolean;
  /** The file name, for a photographer's gallery (proofing exports list it); the portal never shows it to guests. */
  includeFileName?: boolean;
}

export interface LinkForItem {
  url: string;
  thumbnailUrl: string | null;
  expiresAt: number | null;
  delivery?: DeliveryDescriptor | null;
}

/**
 * The minimum the viewer needs to lay out and show an item: type, size, capture time, blurhash and the owner's
 * delegated links. No name (except a gallery's file name, shown to its owner only), folder, camera, GPS, people, labels or OCR text; a place only if the owner opted in.
 */
export function publishItemOf(
  sourceId: string,
  item: IndexItem,
  link: LinkForItem,
  choice: MetadataChoice,
): PublishItemInput {
  const placeLabel = choice.includePlace ? placeLabelOf(item) : null;
  return {
    sourceId,
    sourceItemId: item.providerItemId,
    mediaType: item.mediaType ?? (item.mimeType?.startsWith('video/') ? 'video' : 'image'),
    originalUrl: link.url,
    mimeType: item.mimeType,
    // The wall clock where it was taken, as the index keeps it (index/capture-date.ts): the viewer shows it as is.
    capturedAt: Number.isFinite(item.takenAt) ? new Date(item.takenAt).toISOString() : null,
    // As shown, not as stored: EXIF orientations 5–8 turn the picture a quarter, so the viewer's grid
    // (which lays tiles out by these) does not crop a portrait photo into a landscape tile.
    width: positive(turned(item) ? item.height : item.width),
    height: positive(turned(item) ? item.width : item.height),
    durationSec: item.durationSec,
    blurhash: item.blurhash && item.blurhash.length >= 6 ? item.blurhash : null,
    placeLabel,
    thumbnailUrl: link.thumbnailUrl,
    linkExpiresAt: link.expiresAt === null ? null : new Date(link.expiresAt).toISOString(),
    contentHash: item.sha256,
    delivery: link.delivery ?? null,
    fileName: choice.includeFileName && item.name ? item.name.slice(0, 255) : null,
  };
}

function placeLabelOf(item: IndexItem): string | null {
  if (item.placeName) return item.placeName.slice(0, 200);
  const parts = [item.place?.city, item.place?.country].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ').slice(0, 200) : null;
}

const turned = (item: IndexItem) => item.orientation !== null && item.orientation >= 5 && item.orientation <= 8;
const positive = (n: number | null) => (n !== null && Number.isInteger(n) && n > 0 && n <= 100_000 ? n : null);
