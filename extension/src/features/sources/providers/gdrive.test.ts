import { DEV_DRIVE_API_KEY, type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { type Provider, ProviderError, type ProviderItem } from '@hypomos/shared/providers/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from './http';
import { createGoogleDriveProvider } from './gdrive';

let drive: DriveServer;
let provider: Provider;
let token = '';
const refreshes: boolean[] = [];

beforeAll(async () => {
  drive = await startDriveServer();
  await seedFromFolder(drive);
  token = drive.authority.issueAccessToken();
  const http = createHttp({
    fetch,
    getAccessToken: async ({ forceRefresh }) => {
      refreshes.push(forceRefresh);
      if (forceRefresh) token = drive.authority.issueAccessToken();
      return token;
    },
  });
  provider = createGoogleDriveProvider({
    http,
    apiUrl: drive.url,
    publicUrl: drive.url,
    pageSize: 5,
    deliveryApiKey: async () => DEV_DRIVE_API_KEY,
  });
}, 60_000);
afterAll(() => drive.close());

async function listAll(cursor: string | null) {
  const upserts: ProviderItem[] = [];
  const deletions: string[] = [];
  let pages = 0;
  for (;;) {
    const page = await provider.changes(cursor);
    pages++;
    upserts.push(...page.upserts);
    deletions.push(...page.deletions);
    cursor = page.cursor;
    if (page.done || page.reset) return { upserts, deletions, cursor, pages, reset: page.reset === true };
  }
}
const ref = (path: string) => {
  const node = drive.store.findByPath(path);
  if (!node) throw new Error(`not seeded: ${path}`);
  return { id: node.id, path, node };
};

describe('Google Drive provider against the Drive v3 contract server', () => {
  it('lists every file in pages with folder paths and imageMediaMetadata', async () => {
    const { upserts, pages } = await listAll(null);
    expect(pages).toBe(3);
    expect(upserts).toHaveLength(14);
    expect(upserts.find((u) => u.name === 'Apple iPhone 4.jpg')).toMatchObject({
      folder: 'Pictures/Travel',
      width: 1296,
      height: 968,
      takenAt: '2011-01-13T14:33:39',
      make: 'Apple',
      lat: expect.closeTo(41.853, 3),
      hashes: { md5: expect.stringMatching(/^[0-9a-f]{32}$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(upserts.find((u) => u.name === 'portrait-orientation-6.jpg')?.orientation).toBe(6);
    expect(upserts.find((u) => u.name === 'with-gps.mp4')).toMatchObject({ folder: 'Videos', durationMs: 171 });
  });

  it('follows changes: added, changed, trashed and deleted files', async () => {
    const { cursor } = await listAll(null);
    const gone = ref('Pictures/Nature/el_torcal_rocks.jpg');
    const binned = ref('Pictures/Nature/tanners_ridge.jpg');
    const changed = ref('Pictures/Nature/wood_anemones.jpg');
    drive.store.remove(gone.id);
    drive.store.trash(binned.id);
    drive.store.changeFile(changed.id, { bytes: Buffer.concat([changed.node.content as Buffer, Buffer.from([0])]) });
    drive.addFile({ path: 'Pictures/Later/added.jpg', bytes: changed.node.content as Buffer, mimeType: 'image/jpeg' });
    const delta = await listAll(cursor);
    expect(delta.deletions.sort()).toEqual([gone.id, binned.id].sort());
    expect(delta.upserts.map((u) => `${u.folder}/${u.name}`).sort()).toEqual([
      'Pictures/Later/added.jpg',
      'Pictures/Nature/wood_anemones.jpg',
    ]);
    const quiet = await provider.changes(delta.cursor);
    expect(quiet).toMatchObject({ upserts: [], deletions: [], done: true });
  });

  it('resets on a 410 and honours 403 rateLimitExceeded / 429 as throttling', async () => {
    drive.faults.push({ match: /\/changes\?/, status: 410 });
    const { cursor } = await listAll(null);
    expect((await provider.changes(cursor)).reset).toBe(true);
    drive.faults.push({ match: /\/files\?/, status: 403 });
    await expect(provider.changes(null)).rejects.toMatchObject({ kind: 'throttled' });
    drive.faults.push({ match: /\/files\?/, status: 429, retryAfter: '1.5' });
    await expect(provider.changes(null)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 1500 });
  });

  it('refreshes once after a 401', async () => {
    drive.authority.expireAccessTokens();
    refreshes.length = 0;
    await provider.readRange(ref('Pictures/Travel/thompson-springs.jpg'), 0, 16);
    expect(refreshes).toEqual([false, true]);
  });

  it('reads ranges with alt=media and reports a reset connection as a network error', async () => {
    const item = ref('Pictures/Cameras/Canon EOS 7D.jpg');
    expect(Buffer.from(await provider.readRange(item, 2, 65538))).toEqual(item.node.content?.subarray(2, 65538));
    drive.faults.push({ match: /alt=media/, resetAfterBytes: 500 });
    const error = await provider.readRange(item, 0, 65536).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('network');
  });

  it('fetches thumbnails through thumbnailLink (a credentialed request: the files are not public)', async () => {
    const bytes = await provider.thumbnail(ref('Pictures/Cameras/Nikon D5000.jpg'), 'small');
    expect(Array.from(bytes?.subarray(0, 2) ?? [])).toEqual([0xff, 0xd8]);
    expect(await provider.thumbnail(ref('Videos/with-gps.mov'), 'small')).toBeNull();
  });

  it('shares with an anyone permission and publishes the Drive API form with the portal key, until revoked', async () => {
    const item = ref('Pictures/Travel/Apple iPhone 4.jpg');
    const link = await provider.createLink(item, new Date(Date.now() + 3600_000));
    const api = `${drive.url}/drive/v3/files/${item.id}?alt=media&key=${DEV_DRIVE_API_KEY}`;
    expect(link.delivery).toEqual({
      provider: 'gdrive',
      grid: [`${drive.url}/thumbnail?id=${item.id}&sz=w800`, api],
      full: api,
      download: api,
      relaySource: api,
      relayHeaders: {},
      referrer: 'strict-origin',
      web: `${drive.url}/thumbnail?id=${item.id}&sz=w1920-h1920`,
    });
    expect(link).toMatchObject({ url: api, thumbnailUrl: link.delivery?.grid[0], notice: null });
    // What a guest's browser sends from the portal's page: the API form answers, the download host would not.
    const crossSite = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://share.example.org' };
    const open = await fetch(link.url, { headers: { ...crossSite, Range: 'bytes=0-99' } });
    expect(open.status).toBe(206);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    const uc = `${drive.url}/uc?id=${item.id}&export=download`;
    expect((await fetch(uc, { headers: crossSite })).status).toBe(403);
    expect((await fetch(link.thumbnailUrl ?? '', { headers: crossSite })).status).toBe(200);
    await provider.revokeLink(item, link);
    expect((await fetch(link.url)).status).toBe(404);
  });

  it('reads resourceKey at link time: such a file has no direct form, the relay sends the key, the owner is told', async () => {
    const item = ref('Pictures/Travel/thompson-springs.jpg');
    const key = drive.requireResourceKey(item.id);
    const link = await provider.createLink(item, null);
    expect(link.delivery).toMatchObject({
      full: null,
      download: null,
      relayHeaders: { 'x-goog-drive-resource-keys': `${item.id}/${key}` },
    });
    expect(link.notice).toMatch(/resource key/);
    const relayed = await fetch(link.delivery?.relaySource ?? '', { headers: link.delivery?.relayHeaders });
    expect(relayed.status).toBe(200);
    expect((await fetch(link.url)).status).toBe(404);
    await provider.revokeLink(item, link);
  });

  it('refuses to link without the portal key, in words, before sharing anything', async () => {
    const http = createHttp({ fetch, getAccessToken: async () => token });
    const keyless = createGoogleDriveProvider({ http, apiUrl: drive.url, publicUrl: drive.url });
    const item = ref('Pictures/Travel/Apple iPhone 4.jpg');
    await expect(keyless.createLink(item, null)).rejects.toThrow(/Google Drive API key/);
    expect(drive.store.get(item.id)?.permissions.filter((p) => !p.revoked)).toEqual([]);
  });

  it('looks up single items and lists one folder by id or by path', async () => {
    const iphone = ref('Pictures/Travel/Apple iPhone 4.jpg');
    const travel = drive.store.findByPath('Pictures/Travel');
    const found = await provider.items!([iphone.id, 'missing', travel?.id ?? '']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: iphone.id, folder: 'Pictures/Travel', parentId: travel?.id });
    const byId = await provider.listFolder!({ id: travel?.id ?? null, path: null });
    const byPath = await provider.listFolder!({ id: null, path: 'Pictures/Travel' });
    expect(byId.map((i) => i.id).sort()).toEqual(byPath.map((i) => i.id).sort());
    expect(byId).toHaveLength(4);
    expect(await provider.listFolder!({ id: null, path: 'No/Such' })).toEqual([]);
  });

  it('resumes from any page cursor with a fresh provider (a stopped service worker) and lists the same', async () => {
    const fresh = () =>
      createGoogleDriveProvider({
        http: createHttp({ fetch, getAccessToken: async () => token }),
        apiUrl: drive.url,
        publicUrl: drive.url,
        pageSize: 3,
      });
    const whole = await fresh()
      .changes(null)
      .then(async (first) => {
        const all = [...first.upserts];
        let cursor = first.cursor;
        let done = first.done;
        const p = fresh();
        while (!done) {
          const page = await p.changes(cursor);
          all.push(...page.upserts);
          cursor = page.cursor;
          done = page.done;
        }
        return all;
      });
    const resumed: ProviderItem[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await fresh().changes(cursor);
      resumed.push(...page.upserts);
      cursor = page.cursor;
      if (page.done) break;
    }
    const key = (i: ProviderItem) => `${i.id} ${i.folder}/${i.name}`;
    expect(resumed.map(key).sort()).toEqual(whole.map(key).sort());
    expect(new Set(resumed.map((i) => i.id)).size).toBe(resumed.length);
  });

  it('reports About.storageQuota: no limit for an unlimited account, the limit and the trash when there is one', async () => {
    const { used: bytes, inBin } = drive.store.usage();
    expect(bytes).toBeGreaterThan(0);
    expect(await provider.storage?.()).toEqual({ totalBytes: null, usedBytes: bytes, inBinBytes: inBin, state: null });
    const binned = drive.addFile({ path: 'Quota/binned.jpg', bytes: Buffer.alloc(500, 1), mimeType: 'image/jpeg' });
    drive.store.trash(binned.id);
    drive.setQuotaBytes(15 * 1024 ** 3);
    try {
      expect(await provider.storage?.()).toEqual({
        totalBytes: 15 * 1024 ** 3,
        usedBytes: bytes + 500,
        inBinBytes: inBin + 500,
        state: null,
      });
    } finally {
      drive.setQuotaBytes(null);
      drive.store.restore(binned.id);
    }
  });

  it('trashes a file (changes report it gone) and untrashes it under the same id', async () => {
    const { cursor } = await listAll(null);
    const node = drive.store.addFile({ path: 'Bin/hk.jpg', bytes: Buffer.from([1, 2]), mimeType: 'image/jpeg' });
    const item = { id: node.id, path: 'Bin/hk.jpg' };
    expect(provider.deletes).toBe('bin');
    await provider.trash!(item);
    expect(drive.store.get(node.id)?.trashed).toBe(true);
    const afterTrash = await listAll(cursor);
    expect(afterTrash.deletions).toContain(node.id);
    await provider.restore!(item);
    const afterRestore = await listAll(afterTrash.cursor);
    expect(afterRestore.upserts.map((u) => u.id)).toContain(node.id);
  });
});
