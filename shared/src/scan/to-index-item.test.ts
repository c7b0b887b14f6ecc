import { describe, expect, it } from 'vitest';
import { emptyMetadata, IndexItem } from '../index/item';
import { providerItem } from './factories';
import { toIndexItem } from './to-index-item';

describe('toIndexItem', () => {
  const base = {
    sourceId: 'src1',
    sourceKind: 'onedrive' as const,
    blurhash: 'LEHV6n',
    bytesRead: 4096,
    now: 1_700_000_000_000,
  };

  it('prefers file metadata and fills gaps from provider facts', () => {
    const item = providerItem({
      id: 'p1',
      name: 'IMG_1.jpg',
      folder: 'Trips/2018',
      width: 4000,
      height: 3000,
      make: 'Apple',
      lat: 1,
      lon: 2,
      hashes: { sha256Hash: 'ABC' },
    });
    const metadata = {
      ...emptyMetadata(),
      mediaType: 'image' as const,
      make: 'Canon',
      takenAtUtc: '2018-07-25T14:34:23Z',
      takenAtLocal: '2018-07-25T16:34:23',
      place: { city: 'Zurich', region: null, country: 'CH' },
    };
    const out = toIndexItem({ ...base, item, metadata });
    expect(IndexItem.parse(out)).toEqual(out);
    expect(out).toMatchObject({
      key: 'src1:p1',
      make: 'Canon',
      width: 4000,
      height: 3000,
      lat: 1,
      lon: 2,
      hasGps: 1,
      sha256: 'ABC',
      // The wall clock in Zurich (16:34), not the instant (14:34 UTC): capture-date.ts.
      takenAt: Date.UTC(2018, 6, 25, 16, 34, 23),
      folder: 'Trips/2018',
      placeName: 'Zurich, CH',
      etag: item.etag,
      addedAt: base.now,
    });
  });

  it('keeps what the user added when a file is read again', () => {
    const item = providerItem({ id: 'p2', durationMs: 2500, name: 'v.mp4', mimeType: 'video/mp4' });
    const out = toIndexItem({
      ...base,
      item,
      metadata: emptyMetadata(),
      existing: { tags: ['beach'], liked: true, rating: 4, addedAt: 5 },
    });
    expect(out).toMatchObject({
      tags: ['beach'],
      liked: true,
      rating: 4,
      addedAt: 5,
      durationSec: 2.5,
      mediaType: 'video',
      hasGps: 0,
    });
    expect(out.takenAt).toBe(item.createdAt);
  });
});
