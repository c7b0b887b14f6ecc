import { describe, expect, it } from 'vitest';
import {
  blobDelivery,
  DeliveryDescriptor,
  deliveryHostsAllowed,
  driveDelivery,
  needsRelayToView,
  oneDriveBusinessDelivery,
  oneDrivePersonalDelivery,
} from './delivery';

const API = 'https://www.googleapis.com/drive/v3/files/F1?alt=media&key=KEY';

describe('delivery descriptors per provider', () => {
  it('Drive: originals through the API with the key, thumbnail endpoint first in the grid, strict-origin referrer', () => {
    const d = driveDelivery('F1', 'image', 'KEY', null);
    expect(d).toEqual({
      provider: 'gdrive',
      grid: ['https://drive.google.com/thumbnail?id=F1&sz=w800', API],
      full: API,
      download: API,
      relaySource: API,
      relayHeaders: {},
      referrer: 'strict-origin',
      // The web-size rendition: the thumbnail endpoint bounded by a 1920 box (google-drive-to-sqlite#12).
      web: 'https://drive.google.com/thumbnail?id=F1&sz=w1920-h1920',
    });
    expect(DeliveryDescriptor.parse(d)).toEqual(d);
    expect(driveDelivery('F1', 'video', 'KEY', null).web).toBeNull();
    expect(deliveryHostsAllowed(d)).toBe(true);
    expect(driveDelivery('F1', 'video', 'KEY', null).grid).toEqual([
      'https://drive.google.com/thumbnail?id=F1&sz=w800',
    ]);
  });

  it('Drive with a resource key: no direct original (an <img> cannot send the header), the relay sends it', () => {
    const d = driveDelivery('F1', 'image', 'KEY', 'RK');
    expect(d.full).toBeNull();
    expect(d.download).toBeNull();
    expect(d.relayHeaders).toEqual({ 'x-goog-drive-resource-keys': 'F1/RK' });
    expect(needsRelayToView(d)).toBe(true);
  });

  it('OneDrive personal: embed link for images, relay for video and downloads', () => {
    const embed = 'https://1drv.ms/i/c/abc/EMBED';
    const dl = 'https://my.microsoftpersonalcontent.com/personal/abc/_layouts/15/download.aspx?share=T';
    const img = oneDrivePersonalDelivery('image', embed, dl, null);
    expect(img).toMatchObject({ grid: [embed], full: embed, download: null, relaySource: dl });
    const vid = oneDrivePersonalDelivery('video', embed, dl, null);
    expect(vid).toMatchObject({ grid: [], full: null, download: null, relaySource: dl });
    expect(needsRelayToView(vid)).toBe(true);
    expect(needsRelayToView(img)).toBe(false);
    expect(deliveryHostsAllowed(img)).toBe(true);
  });

  it('OneDrive for Business: download.aspx?share= direct, downloads through the relay', () => {
    const dl = 'https://contoso-my.sharepoint.com/personal/u/_layouts/52/download.aspx?share=T';
    expect(oneDriveBusinessDelivery('video', dl)).toMatchObject({
      grid: [],
      full: dl,
      download: null,
      relaySource: dl,
    });
    expect(deliveryHostsAllowed(oneDriveBusinessDelivery('image', dl))).toBe(true);
  });

  it('Blob: SAS everywhere; fetch() only when the CORS rule allows the portal', () => {
    const sas = 'https://acct.blob.core.windows.net/c/a.jpg?sv=1&si=share-1&sig=x';
    expect(blobDelivery(sas, null, true).download).toBe(sas);
    expect(blobDelivery(sas, null, false).download).toBeNull();
    expect(blobDelivery(sas, null, false).relaySource).toBe(sas);
  });

  it("refuses a descriptor whose URLs leave its provider's hosts, and unknown relay headers", () => {
    const d = blobDelivery('https://acct.blob.core.windows.net/c/a.jpg', null, true);
    expect(deliveryHostsAllowed({ ...d, relaySource: 'https://169.254.169.254/latest' })).toBe(false);
    expect(deliveryHostsAllowed({ ...d, provider: 'gdrive' })).toBe(false);
    expect(DeliveryDescriptor.safeParse({ ...d, relayHeaders: { authorization: 'Bearer x' } }).success).toBe(false);
    expect(DeliveryDescriptor.safeParse({ ...d, full: 'javascript:alert(1)' }).success).toBe(false);
  });
});
