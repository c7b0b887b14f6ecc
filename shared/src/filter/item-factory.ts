import { emptyMetadata, type IndexItem, itemKey } from '../index/item';

/**
 * Builds a valid IndexItem for tests and seeding: every field present, overrides on top.
 * Callers pass metadata read from real corpus files; defaults are only the bookkeeping fields.
 */
export function makeIndexItem(overrides: Partial<IndexItem> & { providerItemId: string }): IndexItem {
  const sourceId = overrides.sourceId ?? 'src-1';
  return {
    ...emptyMetadata(),
    key: itemKey(sourceId, overrides.providerItemId),
    sourceId,
    sourceKind: 'local',
    name: `${overrides.providerItemId}.jpg`,
    folder: '',
    etag: null,
    contentHashes: {},
    takenAt: 0,
    modifiedAt: 0,
    addedAt: 0,
    webUrl: null,
    blurhash: null,
    bytesRead: 0,
    tags: [],
    labels: [],
    people: [],
    liked: false,
    rating: 0,
    unwanted: false,
    hasGps: overrides.lat != null && overrides.lon != null ? 1 : 0,
    ocrText: null,
    phash: null,
    placeName: null,
    ...overrides,
  };
}
