import {
  blobDelivery,
  driveDelivery,
  oneDriveBusinessDelivery,
  oneDrivePersonalDelivery,
} from '@hypomos/shared/sharing/delivery';
import { describe, expect, it } from 'vitest';
import { downloadSources, fullSources, gridSources, posterOf, probeSources } from './delivery-path';
import { publicItem } from './item-factory';

const relayUrlOf = (id: string) => `/api/relay/shares/T/items/${id}`;
const noRelay = () => null;
const urls = (s: { url: string; via: string }[]) => s.map((x) => `${x.via}:${x.url}`);
const thumb = 'https://drive.google.com/thumbnail?id=F&sz=w800';
const api = 'https://www.googleapis.com/drive/v3/files/F?alt=media&key=K';

describe('path per item', () => {
  it('Drive photo: thumbnail (queued, strict-origin), then the API image, then the relay; full and download direct first', () => {
    const item = publicItem('image', driveDelivery('F', 'image', 'K', null));
    const grid = gridSources(item, relayUrlOf);
    expect(urls(grid)).toEqual([`direct:${thumb}`, `direct:${api}`, 'relay:/api/relay/shares/T/items/i1']);
    expect(grid[0]).toMatchObject({ gate: 'drive-thumbnail', referrerPolicy: 'strict-origin' });
    expect(grid[1]!.gate).toBeUndefined();
    expect(urls(fullSources(item, relayUrlOf))).toEqual([`direct:${api}`, 'relay:/api/relay/shares/T/items/i1']);
    expect(urls(downloadSources(item, relayUrlOf))).toEqual([`direct:${api}`, 'relay:/api/relay/shares/T/items/i1']);
  });

  it('Drive video: the tile shows only the thumbnail (its bytes are no image); the player goes direct, then relay', () => {
    const item = publicItem('video', driveDelivery('F', 'video', 'K', null));
    expect(urls(gridSources(item, relayUrlOf))).toEqual([`direct:${thumb}`]);
    expect(urls(fullSources(item, relayUrlOf))).toEqual([`direct:${api}`, 'relay:/api/relay/shares/T/items/i1']);
    expect(posterOf(item)?.url).toBe(thumb);
  });

  it('Drive file with a resource key: no direct full form, so only the relay plays it, and nothing at all with it off', () => {
    const on = publicItem('image', driveDelivery('F', 'image', 'K', 'rk'));
    expect(urls(fullSources(on, relayUrlOf))).toEqual(['relay:/api/relay/shares/T/items/i1']);
    const off = publicItem('image', driveDelivery('F', 'image', 'K', 'rk'), false);
    expect(fullSources(off, relayUrlOf)).toEqual([]);
    expect(downloadSources(off, relayUrlOf)).toEqual([]);
    expect(urls(gridSources(off, relayUrlOf))).toEqual([`direct:${thumb}`]);
  });

  it('OneDrive personal video: played and downloaded only through the relay; image downloads too', () => {
    const video = publicItem(
      'video',
      oneDrivePersonalDelivery(
        'video',
        'https://1drv.ms/embed',
        'https://my.microsoftpersonalcontent.com/d',
        'https://1drv.ms/thumb',
      ),
    );
    expect(urls(fullSources(video, relayUrlOf))).toEqual(['relay:/api/relay/shares/T/items/i1']);
    expect(urls(downloadSources(video, relayUrlOf))).toEqual(['relay:/api/relay/shares/T/items/i1']);
    expect(gridSources(video, relayUrlOf)[0]).toMatchObject({ referrerPolicy: 'no-referrer', via: 'direct' });
    expect(gridSources(video, relayUrlOf)[0]!.gate).toBeUndefined();
  });

  it('no token (a recipient inbox) means no relay even where the descriptor would allow it', () => {
    const item = publicItem('video', oneDriveBusinessDelivery('video', 'https://t-my.sharepoint.com/d'));
    expect(urls(fullSources(item, noRelay))).toEqual(['direct:https://t-my.sharepoint.com/d']);
    expect(downloadSources(item, noRelay)).toEqual([]);
    expect(gridSources(item, noRelay)).toEqual([]);
  });

  it('Blob with a CORS rule downloads directly; without one, through the relay', () => {
    const sas = 'https://a.blob.core.windows.net/c/p.jpg?sig=x';
    const cors = publicItem('image', blobDelivery(sas, null, true));
    expect(urls(downloadSources(cors, relayUrlOf))).toEqual([`direct:${sas}`, 'relay:/api/relay/shares/T/items/i1']);
    const noCors = publicItem('image', blobDelivery(sas, null, false));
    expect(urls(downloadSources(noCors, relayUrlOf))).toEqual(['relay:/api/relay/shares/T/items/i1']);
  });

  it('items published before descriptors keep thumbnail → original, with no Referer and no relay', () => {
    const item = publicItem('image', null);
    expect(gridSources(item, relayUrlOf)).toEqual([
      { url: 'https://legacy.example/thumb', referrerPolicy: 'no-referrer', via: 'direct' },
      { url: 'https://legacy.example/original', referrerPolicy: 'no-referrer', via: 'direct' },
    ]);
    expect(urls(fullSources(item, relayUrlOf))).toEqual(['direct:https://legacy.example/original']);
    expect(urls(probeSources(item, relayUrlOf))).toEqual(['direct:https://legacy.example/original']);
  });

  it('the probe asks the item itself (relay, then download, then full), never a thumbnail', () => {
    const item = publicItem('video', driveDelivery('F', 'video', 'K', null));
    expect(urls(probeSources(item, relayUrlOf))).toEqual(['relay:/api/relay/shares/T/items/i1', `direct:${api}`]);
    expect(urls(probeSources(item, noRelay))).toEqual([`direct:${api}`]);
  });

  it('a HEIC photo is not relayed for the tile: the relay serves the same undecodable bytes', () => {
    const d = oneDrivePersonalDelivery(
      'image',
      'https://1drv.ms/embed',
      'https://my.microsoftpersonalcontent.com/d',
      null,
    );
    const heic = { ...publicItem('image', d), mimeType: 'image/heic' };
    expect(urls(gridSources(heic, relayUrlOf))).toEqual(['direct:https://1drv.ms/embed']);
    expect(urls(fullSources(heic, relayUrlOf))).toEqual([
      'direct:https://1drv.ms/embed',
      'relay:/api/relay/shares/T/items/i1',
    ]);
  });
});
