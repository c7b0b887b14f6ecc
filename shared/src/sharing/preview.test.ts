import { describe, expect, it } from 'vitest';
import { blobDelivery } from './delivery';
import { previewThumbnails } from './preview';

const plain = { thumbnailUrl: 'https://t.example/1', originalUrl: 'https://o.example/1', delivery: null };

describe('previewThumbnails', () => {
  it("uses the delivery descriptor's grid, as the guest's tile does", () => {
    const delivery = blobDelivery('https://a.blob.core.windows.net/c/p.jpg?sig=1', null, false);
    expect(previewThumbnails({ ...plain, mediaType: 'image', delivery })).toEqual([
      'https://a.blob.core.windows.net/c/p.jpg?sig=1',
    ]);
  });

  it('falls back to the thumbnail, then the original for photos only', () => {
    expect(previewThumbnails({ ...plain, mediaType: 'image' })).toEqual(['https://t.example/1', 'https://o.example/1']);
    expect(previewThumbnails({ ...plain, mediaType: 'video' })).toEqual(['https://t.example/1']);
    expect(previewThumbnails({ ...plain, mediaType: 'video', thumbnailUrl: null })).toEqual([]);
  });

  it('ignores an empty grid (a video the relay alone serves)', () => {
    const delivery = { ...blobDelivery('https://a.blob.core.windows.net/c/v.mp4?sig=1', null, false), grid: [] };
    expect(previewThumbnails({ ...plain, mediaType: 'video', delivery })).toEqual(['https://t.example/1']);
  });
});
