import { describe, expect, it } from 'vitest';
import { looksLikeMedia, toNdjsonLine, withTimeout } from './index-folder';

describe('index-folder helpers', () => {
  it('gives up on work that never settles, with a message naming the step', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'reading metadata')).rejects.toThrow(
      'reading metadata took longer than 0.02 s',
    );
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });

  it('treats only photo and video extensions as promises of media', () => {
    expect(looksLikeMedia('a/IMG_0001.HEIC')).toBe(true);
    expect(looksLikeMedia('clip.MTS')).toBe(true);
    expect(looksLikeMedia('notes.txt')).toBe(false);
    expect(looksLikeMedia('Makefile')).toBe(false);
  });

  it('writes NDJSON fields in the documented order, nested place included', () => {
    const line = toNdjsonLine({
      error: null,
      place: { city: 'Seattle', region: 'Washington', country: 'United States' },
      durationSec: null,
      height: 1,
      width: 2,
      orientation: 1,
      lens: null,
      model: 'M',
      make: 'K',
      alt: null,
      lon: 1,
      lat: 2,
      timeZone: null,
      takenAtUtc: null,
      takenAtLocal: null,
      sha256: null,
      bytes: 3,
      mimeType: 'image/jpeg',
      mediaType: 'image',
      path: 'a.jpg',
    });
    expect(line.startsWith('{"path":"a.jpg","mediaType":"image","mimeType":"image/jpeg","bytes":3,')).toBe(true);
    expect(JSON.parse(line).place).toEqual({ city: 'Seattle', region: 'Washington', country: 'United States' });
  });
});
