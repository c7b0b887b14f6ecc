import { type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
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
  provider = createGoogleDriveProvider({ http, apiUrl: drive.url, publicUrl: drive.url, pageSize: 5 });
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

  it('shares with an anyone permission: the public URL works until the permission is deleted', async () => {
    const item = ref('Pictures/Travel/Apple iPhone 4.jpg');
    const link = await provider.createLink(item, new Date(Date.now() + 3600_000));
    const open = await fetch(link.url, { headers: { Range: 'bytes=0-99' } });
    expect(open.status).toBe(206);
    expect((await fetch(link.thumbnailUrl ?? '')).status).toBe(200);
    await provider.revokeLink(item, link);
    expect((await fetch(link.url)).status).toBe(404);
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
});
