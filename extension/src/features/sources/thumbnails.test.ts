import { describe, expect, it } from 'vitest';
import { DEVICE_THUMBNAIL_MAX_BYTES } from './device-thumbnail';
import { decodableHere } from './thumbnails';

const photo = { mediaType: 'image' as const, bytes: 700_000, mimeType: 'image/jpeg', name: 'IMG_1.jpg' };

describe('which originals the background downloads to make a thumbnail', () => {
  it('decodes JPEG, PNG and WebP originals of a sane size', () => {
    expect(decodableHere(photo)).toBe(true);
    expect(decodableHere({ ...photo, mimeType: 'image/webp', name: 'a.webp' })).toBe(true);
  });

  it('leaves HEIF to the page (no decoder here), and skips videos, unknown and oversized files', () => {
    expect(decodableHere({ ...photo, mimeType: 'image/heic', name: 'IMG_2927.HEIC' })).toBe(false);
    expect(decodableHere({ ...photo, mimeType: null, name: 'IMG_2927.heif' })).toBe(false);
    expect(decodableHere({ ...photo, mediaType: 'video', mimeType: 'video/mp4', name: 'a.mp4' })).toBe(false);
    expect(decodableHere({ ...photo, bytes: null })).toBe(false);
    expect(decodableHere({ ...photo, bytes: DEVICE_THUMBNAIL_MAX_BYTES + 1 })).toBe(false);
  });
});
