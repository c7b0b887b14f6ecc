import type { TierItem } from './rules';

/** A TierItem for tests: an old, idle 1 MiB photo on source 'od' unless told otherwise. */
export function tierItem(overrides: Partial<TierItem> = {}): TierItem {
  return {
    key: 'od:item',
    sourceId: 'od',
    bytes: 1024 * 1024,
    takenAt: Date.parse('2019-05-01T10:00:00Z'),
    lastOpenedAt: null,
    lastLikedAt: null,
    lastSharedAt: null,
    tags: [],
    collectionIds: [],
    blobTier: null,
    ...overrides,
  };
}
