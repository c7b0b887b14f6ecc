import type { PublicItem } from '@hypomos/shared/api/public';
import { describe, expect, it } from 'vitest';
import { blobDelivery } from '@hypomos/shared/sharing/delivery';
import { fetchOriginal, fileNameOf } from './files';
import { publicItem } from './item-factory';

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

describe('fetchOriginal', () => {
  const sas = 'https://a.blob.core.windows.net/c/p.jpg?sig=x';
  const relay = (id: string) => `/api/relay/shares/T/items/${id}`;
  const calls: string[] = [];
  const answering =
    (answers: Record<string, () => Response>): typeof fetch =>
    async (input, init) => {
      calls.push(`${String(input)} ${init?.referrerPolicy} ${init?.credentials}`);
      const answer = answers[String(input)];
      if (!answer) throw new TypeError('Failed to fetch'); // what a CORS refusal looks like to the page
      return answer();
    };

  it('reads the CORS download form directly when it answers', async () => {
    calls.length = 0;
    const it0 = publicItem('image', blobDelivery(sas, null, true));
    const res = await fetchOriginal(it0, relay, answering({ [sas]: () => new Response('bytes') }));
    expect(await res.text()).toBe('bytes');
    expect(calls).toEqual([`${sas} no-referrer omit`]);
  });

  it('heals to the relay when the direct read fails (CORS) or is refused, and says why when nothing serves it', async () => {
    calls.length = 0;
    const it0 = publicItem('image', blobDelivery(sas, null, true));
    const relayed = answering({ '/api/relay/shares/T/items/i1': () => new Response('relayed') });
    expect(await (await fetchOriginal(it0, relay, relayed)).text()).toBe('relayed');
    expect(calls).toEqual([`${sas} no-referrer omit`, '/api/relay/shares/T/items/i1 no-referrer same-origin']);
    const refused = answering({ [sas]: () => new Response('', { status: 403 }) });
    await expect(
      fetchOriginal(publicItem('image', blobDelivery(sas, null, true), false), relay, refused),
    ).rejects.toThrow("The owner's storage answered 403.");
    await expect(fetchOriginal(publicItem('video', blobDelivery(sas, null, false), false), relay)).rejects.toThrow(
      'does not let this item be downloaded',
    );
  });
});
