import { describe, expect, it } from 'vitest';
import { PublishItem } from '../api/collections';
import { makeIndexItem } from '../filter/item-factory';
import { oneDrivePersonalDelivery } from './delivery';
import { publishItemOf } from './publish-item';

const link = { url: 'https://contoso.example/l/abc', thumbnailUrl: null, expiresAt: Date.UTC(2030, 0, 1) };
const item = makeIndexItem({
  providerItemId: 'p1',
  name: 'IMG_0001.jpg',
  folder: 'Private/Family',
  lat: 48.85,
  lon: 2.35,
  hasGps: 1,
  placeName: 'Paris, France',
  make: 'Canon',
  people: ['Ada'],
  ocrText: 'passport',
  mediaType: 'image',
  mimeType: 'image/jpeg',
  width: 4000,
  height: 3000,
  blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
  sha256: 'ab'.repeat(32),
});

describe('publishItemOf', () => {
  it('sends only the minimum and passes the API schema', () => {
    const out = PublishItem.parse(publishItemOf('src1', item, link, { includePlace: false }));
    expect(out.placeLabel).toBeNull();
    expect(out.linkExpiresAt).toBe('2030-01-01T00:00:00.000Z');
    const text = JSON.stringify(out);
    for (const secret of ['IMG_0001', 'Private', '48.85', 'Canon', 'Ada', 'passport'])
      expect(text).not.toContain(secret);
  });

  it('adds the file name (never the folder) for a photographer gallery, whose proofing export lists it', () => {
    const out = PublishItem.parse(publishItemOf('src1', item, link, { includePlace: false, includeFileName: true }));
    expect(out.fileName).toBe('IMG_0001.jpg');
    expect(JSON.stringify(out)).not.toContain('Private');
  });

  it('adds the place name (never coordinates) when the owner opts in', () => {
    const out = publishItemOf('src1', item, link, { includePlace: true });
    expect(out.placeLabel).toBe('Paris, France');
    expect(JSON.stringify(out)).not.toContain('48.85');
  });

  it('publishes the size as shown: a photo stored sideways (EXIF orientation 6) goes out turned', () => {
    // portrait-orientation-6.jpg of the demo: stored 700×840 (exiftool ImageWidth/Height), Orientation 6.
    const sideways = { ...item, width: 700, height: 840, orientation: 6 };
    expect(publishItemOf('src1', sideways, link, { includePlace: false })).toMatchObject({ width: 840, height: 700 });
    const upright = { ...item, width: 700, height: 840, orientation: 1 };
    expect(publishItemOf('src1', upright, link, { includePlace: false })).toMatchObject({ width: 700, height: 840 });
  });

  it("carries the provider's delivery descriptor, and null when the link has none", () => {
    const delivery = oneDrivePersonalDelivery(
      'image',
      'https://onedrive.live.com/embed?cid=C&resid=C!1&authkey=!K',
      'https://my.microsoftpersonalcontent.com/personal/c/_layouts/15/download.aspx?share=T',
      null,
    );
    expect(
      PublishItem.parse(publishItemOf('src1', item, { ...link, delivery }, { includePlace: false })).delivery,
    ).toEqual(delivery);
    expect(PublishItem.parse(publishItemOf('src1', item, link, { includePlace: false })).delivery).toBeNull();
  });
});
