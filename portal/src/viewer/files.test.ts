import type { PublicItem } from '@hypomos/shared/api/public';
import { describe, expect, it } from 'vitest';
import { fileNameOf } from './files';

const item = (over: Partial<PublicItem>): PublicItem => ({
  id: 'item-000000001' as PublicItem['id'],
  mediaType: 'image',
  mimeType: 'image/jpeg',
  capturedAt: '2024-07-01T10:11:12.000Z',
  width: 4000,
  height: 3000,
  durationSec: null,
  blurhash: null,
  placeLabel: null,
  originalUrl: 'https://example.org/a',
  delivery: null,
  thumbnailUrl: null,
  linkExpiresAt: null,
  contributorName: null,
  ...over,
});

describe('fileNameOf', () => {
  it('names files by capture time and type, unique within one archive', () => {
    const taken = new Set<string>();
    expect(fileNameOf(item({}), 0, taken)).toBe('2024-07-01_10-11-12.jpg');
    expect(fileNameOf(item({}), 1, taken)).toBe('2024-07-01_10-11-12-2.jpg');
    expect(fileNameOf(item({ mediaType: 'video', mimeType: 'video/quicktime' }), 2, taken)).toBe(
      '2024-07-01_10-11-12.mov',
    );
  });

  it('falls back to the position without a capture time, and never uses viewer-supplied text', () => {
    expect(fileNameOf(item({ capturedAt: null, mimeType: null }), 41, new Set())).toBe('item-00042.jpg');
    expect(fileNameOf(item({ placeLabel: '../../etc/passwd', contributorName: '<x>' }), 0, new Set())).not.toMatch(
      /[/<>]/,
    );
  });
});
