import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredNode } from '../contract/media-store';
import { DEV_DRIVE_API_KEY, type DriveServer, startDriveServer } from '../drive/server';

/**
 * Conformance: how Google Drive serves "anyone with the link" files to a viewer page on another site, as the public
 * reports collected in ../shared/REAL-SERVICES.md ("Google Drive") describe it. Each test names its sources. The
 * browser sets `Sec-Fetch-Site` itself; here it is sent by hand, as Chromium would from a portal's page.
 */
const SEC_FETCH_REPORTS = 'wp-calypso#86571, homebrewery#3257, OpenLiveWriter#958, GeoLibre PR #1709';
const QUERY_PARAMETERS = 'https://developers.google.com/workspace/drive/api/guides/query-parameters';
const RESOURCE_KEYS = 'https://developers.google.com/workspace/drive/api/guides/resource-keys';
const REFERRER_KEY = 'referrer-restricted-key';
const PORTAL = 'https://share.example.org';

let drive: DriveServer;
let photo: StoredNode;
let big: StoredNode;
const crossSite = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' };
const media = (node: StoredNode, key = DEV_DRIVE_API_KEY) =>
  `${drive.url}/drive/v3/files/${node.id}?alt=media&key=${key}`;

beforeAll(async () => {
  drive = await startDriveServer({
    apiKeys: [{ key: DEV_DRIVE_API_KEY }, { key: REFERRER_KEY, referrers: [`${PORTAL}/*`] }],
    publicLinks: { virusScanAboveBytes: 1000, thumbnailLimit: { max: 3, windowMs: 60_000, status: 429 } },
  });
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();
  photo = drive.addFile({
    path: 'Shared/photo.jpg',
    bytes: jpeg,
    mimeType: 'image/jpeg',
    thumbnail: { bytes: jpeg, width: 64, height: 48 },
  });
  big = drive.addFile({ path: 'Shared/big.mp4', bytes: Buffer.alloc(5000, 7), mimeType: 'video/mp4' });
  for (const n of [photo, big]) drive.store.addPermission(n, null);
}, 60_000);
afterAll(() => drive.close());

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: number; status: string; errors: { reason: string; domain: string }[] } })
    .error;

describe('Drive delivery conformance (download host, thumbnail endpoint, API with a key)', () => {
  it(`download host: 403 without CORS headers to Sec-Fetch-Site: cross-site (${SEC_FETCH_REPORTS})`, async () => {
    const uc = await fetch(`${drive.url}/uc?id=${photo.id}&export=download`, {
      headers: { ...crossSite, Origin: PORTAL },
      redirect: 'manual',
    });
    expect(uc.status).toBe(403);
    expect(uc.headers.get('access-control-allow-origin')).toBeNull();
    const direct = await fetch(`${drive.downloadUrl}/download?id=${photo.id}&export=download`, {
      headers: crossSite,
    });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('uc?export=download redirects to a second host, drive.usercontent.google.com (REAL-SERVICES.md)', async () => {
    const uc = await fetch(`${drive.url}/uc?id=${photo.id}&export=download`, { redirect: 'manual' });
    expect(uc.status).toBe(303);
    const location = new URL(uc.headers.get('location') ?? '');
    expect(location.origin).toBe(drive.downloadUrl);
    expect(location.hostname).not.toBe(new URL(drive.url).hostname);
    const followed = await fetch(location);
    expect(followed.status).toBe(200);
    expect(Buffer.from(await followed.arrayBuffer()).equals(photo.content as Buffer)).toBe(true);
  });

  it('download host: above a size, an HTML virus-scan page instead of the bytes (KoboCloud#160, google-drive-ruby#291)', async () => {
    const res = await fetch(`${drive.url}/uc?id=${big.id}&export=download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/can't scan this file for viruses/);
    const anyway = await fetch(`${drive.downloadUrl}/download?id=${big.id}&export=download&confirm=t`);
    expect((await anyway.arrayBuffer()).byteLength).toBe(5000);
  });

  it('thumbnail endpoint: renders cross-site, then 429 per client after a burst (mpc-autofill#223, #262)', async () => {
    const thumb = () => fetch(`${drive.url}/thumbnail?id=${photo.id}&sz=w400`, { headers: crossSite });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await thumb()).status);
    expect(answers).toEqual([200, 200, 200, 429]);
  });

  it(`API files.get alt=media with a key: cross-origin with CORS and Range for a public file (${QUERY_PARAMETERS})`, async () => {
    const preflight = await fetch(media(photo), {
      method: 'OPTIONS',
      headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const ranged = await fetch(media(photo), { headers: { ...crossSite, Origin: PORTAL, Range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('access-control-allow-origin')).toBe('*');
    expect(ranged.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
    expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual([...(photo.content as Buffer).subarray(0, 4)]);
  });

  it('API with a key: a wrong key is 400 API_KEY_INVALID, no key 403, a blocked referrer 403 (Google API error shape)', async () => {
    const wrong = await fetch(media(photo, 'not-a-key'));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] },
    });
    const none = await fetch(`${drive.url}/drive/v3/files/${photo.id}?alt=media`);
    expect(none.status).toBe(403);
    expect(await errorOf(none)).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    const noReferrer = await fetch(media(photo, REFERRER_KEY));
    expect(noReferrer.status).toBe(403);
    expect(await noReferrer.json()).toMatchObject({
      error: { details: [{ reason: 'API_KEY_HTTP_REFERRER_BLOCKED' }] },
    });
    // What `referrerpolicy="strict-origin"` sends: the portal's origin and a slash.
    const fromPortal = await fetch(media(photo, REFERRER_KEY), { headers: { Referer: `${PORTAL}/` } });
    expect(fromPortal.status).toBe(200);
  });

  it('API with a key: a file not shared with "anyone with the link" is notFound', async () => {
    const secret = drive.addFile({ path: 'Private/secret.jpg', bytes: Buffer.from('s'), mimeType: 'image/jpeg' });
    const res = await fetch(media(secret));
    expect(res.status).toBe(404);
    expect((await errorOf(res)).errors[0]?.reason).toBe('notFound');
  });

  it('API: 403 downloadQuotaExceeded (usageLimits) when the file was downloaded too much (rclone#2652)', async () => {
    drive.faults.push({
      match: new RegExp(`files/${photo.id}\\?alt=media`),
      status: 403,
      reason: 'downloadQuotaExceeded',
    });
    const res = await fetch(media(photo));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await errorOf(res)).errors[0]).toMatchObject({ domain: 'usageLimits', reason: 'downloadQuotaExceeded' });
    expect((await fetch(media(photo))).status).toBe(200);
  });

  it(`resource keys: a file link-shared before 2021-09-13 needs X-Goog-Drive-Resource-Keys; files.get reports resourceKey (${RESOURCE_KEYS})`, async () => {
    const old = drive.addFile({ path: 'Shared/2019.jpg', bytes: Buffer.from('old'), mimeType: 'image/jpeg' });
    drive.store.addPermission(old, null);
    const key = drive.requireResourceKey(old.id);
    expect((await fetch(media(old))).status).toBe(404);
    const wrong = await fetch(media(old), { headers: { 'X-Goog-Drive-Resource-Keys': `${old.id}/nope` } });
    expect(wrong.status).toBe(404);
    const right = await fetch(media(old), { headers: { 'X-Goog-Drive-Resource-Keys': `${old.id}/${key}` } });
    expect(right.status).toBe(200);
    const owner = `Bearer ${drive.authority.issueAccessToken()}`;
    const meta = await fetch(`${drive.url}/drive/v3/files/${old.id}?fields=id,resourceKey`, {
      headers: { Authorization: owner },
    });
    expect(await meta.json()).toEqual({ id: old.id, resourceKey: key });
    const plain = await fetch(`${drive.url}/drive/v3/files/${photo.id}?fields=id,resourceKey`, {
      headers: { Authorization: owner },
    });
    expect(await plain.json()).toEqual({ id: photo.id });
  });
});

describe('Drive thumbnail endpoint sizes (web-size downloads, issue 23)', () => {
  let own: DriveServer;
  beforeAll(async () => {
    own = await startDriveServer({});
  }, 60_000);
  afterAll(() => own.close());

  it('sz=w1920-h1920 fits the image inside the box and never enlarges (google-drive-to-sqlite#12: "any width and height you like")', async () => {
    // A real 3264×2448 phone photo (metadata-extractor-images, read from ../shared/corpora, not copied).
    const bytes = readFileSync(
      `${import.meta.dirname}/../../../../shared/corpora/metadata-extractor-images/jpg/Apple iPhone 6.jpg`,
    );
    const phone = own.addFile({
      path: 'Shared/iphone6.jpg',
      bytes,
      mimeType: 'image/jpeg',
      thumbnail: { bytes, width: 3264, height: 2448 },
    });
    own.store.addPermission(phone, null);
    const at = async (sz: string) => {
      const res = await fetch(`${own.url}/thumbnail?id=${phone.id}&sz=${sz}`, { headers: crossSite });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      return sharp(Buffer.from(await res.arrayBuffer())).metadata();
    };
    expect(await at('w1920-h1920')).toMatchObject({ format: 'jpeg', width: 1920, height: 1440 });
    expect(await at('w600-h300')).toMatchObject({ width: 400, height: 300 });
    expect(await at('w5000-h5000')).toMatchObject({ width: 3264, height: 2448 });
    // Not shared with "anyone with the link": no thumbnail for another site's page.
    const secret = own.addFile({
      path: 'Private/x.jpg',
      bytes,
      mimeType: 'image/jpeg',
      thumbnail: { bytes, width: 3264, height: 2448 },
    });
    expect((await fetch(`${own.url}/thumbnail?id=${secret.id}&sz=w1920-h1920`, { headers: crossSite })).status).toBe(
      404,
    );
  });
});
