import { type ProviderItem, UNKNOWN_FACTS } from '../providers/provider';

/** A ProviderItem with plausible defaults, for tests and the in-memory provider. */
export function providerItem(overrides: Partial<ProviderItem> & Pick<ProviderItem, 'id'>): ProviderItem {
  return {
    name: `${overrides.id}.jpg`,
    folder: '',
    mimeType: 'image/jpeg',
    bytes: 1000,
    modifiedAt: Date.UTC(2024, 0, 1),
    createdAt: Date.UTC(2024, 0, 1),
    etag: `"${overrides.id}-1"`,
    hashes: {},
    ...UNKNOWN_FACTS,
    ...overrides,
  };
}
