import { captureMs } from '../index/capture-date';
import { type IndexItem, itemKey, type MediaMetadata, type SourceKind } from '../index/item';
import type { ProviderItem } from '../providers/provider';
import { mediaKind } from './media-kind';
import { versionOf } from './plan';

/** What the user or the vision pipeline added to an item: kept when the file is read again. */
type UserFields = Pick<
  IndexItem,
  'tags' | 'labels' | 'people' | 'liked' | 'rating' | 'unwanted' | 'ocrText' | 'phash' | 'addedAt'
>;

export interface IndexItemInput {
  sourceId: string;
  sourceKind: SourceKind;
  item: ProviderItem;
  metadata: MediaMetadata;
  blurhash: string | null;
  bytesRead: number;
  now: number;
  existing?: Partial<UserFields> | undefined;
}

/**
 * One IndexItem from the file's own metadata, filling the gaps with what the provider already knew
 * (dimensions, camera, GPS, hashes). File metadata wins: provider facets are often rounded or missing.
 */
export function toIndexItem(input: IndexItemInput): IndexItem {
  const { item: p, metadata: m, existing } = input;
  const lat = m.lat ?? p.lat;
  const lon = m.lon ?? p.lon;
  const sha256 = m.sha256 ?? p.hashes.sha256 ?? p.hashes.sha256Hash ?? null;
  const modifiedAt = p.modifiedAt ?? p.createdAt ?? input.now;
  const takenAt = captureMs(m, { takenAt: p.takenAt, createdAt: p.createdAt, modifiedAt });
  const durationSec = m.durationSec ?? (p.durationMs !== null ? p.durationMs / 1000 : null);
  const orientation =
    m.orientation ?? (p.orientation !== null && p.orientation >= 1 && p.orientation <= 8 ? p.orientation : null);
  const placeName = m.place ? [m.place.city, m.place.country].filter(Boolean).join(', ') || null : null;
  return {
    ...m,
    mediaType: m.mediaType ?? mediaKind(p.name, p.mimeType),
    mimeType: m.mimeType ?? p.mimeType,
    bytes: m.bytes ?? p.bytes,
    sha256,
    lat,
    lon,
    alt: m.alt ?? p.alt,
    make: m.make ?? p.make,
    model: m.model ?? p.model,
    width: m.width ?? positiveInt(p.width),
    height: m.height ?? positiveInt(p.height),
    orientation,
    durationSec,
    key: itemKey(input.sourceId, p.id),
    sourceId: input.sourceId,
    sourceKind: input.sourceKind,
    providerItemId: p.id,
    name: p.name,
    folder: p.folder,
    etag: versionOf(p),
    contentHashes: p.hashes,
    takenAt,
    modifiedAt,
    addedAt: existing?.addedAt ?? input.now,
    webUrl: p.webUrl,
    blurhash: input.blurhash,
    bytesRead: input.bytesRead,
    tags: existing?.tags ?? [],
    labels: existing?.labels ?? [],
    people: existing?.people ?? [],
    liked: existing?.liked ?? false,
    rating: existing?.rating ?? 0,
    unwanted: existing?.unwanted ?? false,
    hasGps: lat !== null && lon !== null ? 1 : 0,
    ocrText: existing?.ocrText ?? null,
    phash: existing?.phash ?? null,
    placeName,
  };
}

const positiveInt = (n: number | null): number | null => (n !== null && Number.isInteger(n) && n > 0 ? n : null);
