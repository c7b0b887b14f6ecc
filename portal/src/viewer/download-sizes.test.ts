import { blobDelivery, driveDelivery, oneDrivePersonalDelivery } from '@hypomos/shared/sharing/delivery';
import { webSizeOf } from '@hypomos/shared/sharing/download-sizes';
import { describe, expect, it } from 'vitest';
import { webSizeSources } from './delivery-path';
import { publicItem } from './item-factory';
import { downloadOptions } from './download-options';

const relayUrlOf = (id: string) => `/api/relay/shares/T/items/${id}`;
const sized = (item: ReturnType<typeof publicItem>) => ({ ...item, width: 3264, height: 2448 });

describe('download sizes in the viewer', () => {
  it('web size fits a 1920 box, never enlarged; unknown sizes stay unknown', () => {
    expect(webSizeOf(3264, 2448)).toEqual({ width: 1920, height: 1440 });
    expect(webSizeOf(2448, 3264)).toEqual({ width: 1440, height: 1920 });
    expect(webSizeOf(800, 533)).toEqual({ width: 800, height: 533 });
    expect(webSizeOf(null, 10)).toBeNull();
  });

  it('offers what the owner chose, and the web size only where the provider makes one (not Blob, not videos)', () => {
    const drive = sized(publicItem('image', driveDelivery('F1', 'image', 'K', null)));
    const blob = sized(publicItem('image', blobDelivery('https://a.blob.core.windows.net/c/x.jpg?sig=1', null, true)));
    const video = publicItem('video', driveDelivery('F2', 'video', 'K', null));
    expect(downloadOptions(drive, 'none')).toEqual([]);
    expect(downloadOptions(drive, 'web')).toEqual([
      { kind: 'web', label: 'Download web size', size: '1920 × 1440 px' },
    ]);
    expect(downloadOptions(drive, 'original').map((o) => `${o.label} ${o.size}`)).toEqual([
      'Download web size 1920 × 1440 px',
      'Download original 3264 × 2448 px',
    ]);
    expect(downloadOptions(blob, 'web')).toEqual([]);
    expect(downloadOptions(blob, 'original').map((o) => o.kind)).toEqual(['original']);
    expect(downloadOptions(video, 'original').map((o) => o.kind)).toEqual(['original']);
  });

  it('reads the rendition from the provider first, and from the relay only where the share allows it', () => {
    const web = 'https://1.files.1drv.com/y4m/c1920x1920';
    const od = publicItem(
      'image',
      oneDrivePersonalDelivery('image', null, 'https://my.microsoftpersonalcontent.com/d', null, web),
    );
    expect(webSizeSources(od, relayUrlOf, false).map((s) => [s.via, s.url])).toEqual([['direct', web]]);
    expect(webSizeSources(od, relayUrlOf, true).map((s) => [s.via, s.url])).toEqual([
      ['direct', web],
      ['relay', '/api/relay/shares/T/items/i1?size=web'],
    ]);
  });
});
