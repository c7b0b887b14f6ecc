import type { PublicItem } from '@hypomos/shared/api/public';
import type { DeliveryInput } from '@hypomos/shared/sharing/delivery';

// Test data: a public item as the worker maps it (mappers.ts toPublicItem), for the viewer's unit tests.

/** The descriptor minus its relay link, plus whether the relay serves it (the share allows it and it has a link). */
export function publicItem(
  mediaType: 'image' | 'video',
  delivery: DeliveryInput | null,
  relay = true,
  id = 'i1',
): PublicItem {
  const pub =
    delivery &&
    (({ relaySource, relayHeaders: _, ...direct }) => ({
      ...direct,
      web: direct.web ?? null,
      relay: relay && !!relaySource,
    }))(delivery);
  return {
    id: id as PublicItem['id'],
    mediaType,
    mimeType: mediaType === 'video' ? 'video/mp4' : 'image/jpeg',
    capturedAt: null,
    width: 4,
    height: 3,
    durationSec: null,
    blurhash: null,
    placeLabel: null,
    originalUrl: 'https://legacy.example/original',
    thumbnailUrl: 'https://legacy.example/thumb',
    linkExpiresAt: null,
    delivery: pub,
    contributorName: null,
  };
}
