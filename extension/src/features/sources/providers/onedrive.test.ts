import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { seedFromFolder } from '@hypomos/dev-services/seed/index';
import { type Provider, ProviderError, type ProviderItem } from '@hypomos/shared/providers/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRetry } from '../scanner/retry';
import { createHttp } from './http';
import { DeliveryDescriptor, urlsOf } from '@hypomos/shared/sharing/delivery';
import { ANYONE_LINKS_DISABLED, createOneDriveProvider } from './onedrive';

let graph: GraphServer;
let provider: Provider;
const refreshes: boolean[] = [];
let token = '';

beforeAll(async () => {
  graph = await startGraphServer();
  await seedFromFolder(graph);
  token = graph.authority.issueAccessToken();
  const http = createHttp({
    fetch,
    getAccessToken: async ({ forceRefresh }) => {
      refreshes.push(forceRefresh);
      if (forceRefresh) token = graph.authority.issueAccessToken();
      return token;
    },
  });
  provider = createOneDriveProvider({
    http,
    apiUrl: `${graph.url}/v1.0`,
    personalContentUrl: graph.contentUrl,
    pageSize: 4,
  });
}, 60_000);
afterAll(() => graph.close());

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
  const node = graph.store.findByPath(path);
  if (!node) throw new Error(`not seeded: ${path}`);
  return { id: node.id, path, node };
};

describe('OneDrive provider against the Graph contract server', () => {
  it('lists every file through paged delta with folders and provider facts', async () => {
    const { upserts, pages } = await listAll(null);
    expect(pages).toBeGreaterThan(3);
    expect(upserts).toHaveLength(14);
    expect(upserts.find((u) => u.name === 'Apple iPhone 4.jpg')).toMatchObject({
      folder: 'Pictures/Travel',
      mimeType: 'image/jpeg',
      width: 1296,
      height: 968,
      takenAt: '2011-01-13T14:33:39',
      make: 'Apple',
      model: 'iPhone 4',
      lat: expect.closeTo(41.853, 3),
      hashes: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), quickxor: expect.any(String) },
    });
    expect(upserts.find((u) => u.name === 'with-gps.mp4')).toMatchObject({
      folder: 'Videos',
      durationMs: 171,
      width: 1920,
    });
  });

  it('reports adds, changes and deletions after the checkpoint, and reset after a 410', async () => {
    const { cursor } = await listAll(null);
    const gone = ref('Pictures/Nature/el_torcal_rocks.jpg');
    const changed = ref('Pictures/Nature/wood_anemones.jpg');
    graph.store.remove(gone.id);
    graph.store.changeFile(changed.id, { bytes: Buffer.concat([changed.node.content as Buffer, Buffer.from([0])]) });
    graph.addFile({ path: 'Pictures/Later/added.jpg', bytes: changed.node.content as Buffer, mimeType: 'image/jpeg' });
    const delta = await listAll(cursor);
    expect(delta.deletions).toContain(gone.id);
    expect(delta.upserts.map((u) => [u.name, u.folder])).toEqual(
      expect.arrayContaining([
        ['wood_anemones.jpg', 'Pictures/Nature'],
        ['added.jpg', 'Pictures/Later'],
      ]),
    );
    expect(delta.upserts).toHaveLength(2);
    graph.store.expireCheckpoints();
    const again = await provider.changes(delta.cursor);
    expect(again.reset).toBe(true);
  });

  it('honours a fractional Retry-After on 429 (through the scanner retry loop)', async () => {
    graph.faults.push({ match: /root\/delta/, status: 429, retryAfter: '0.25' });
    const error = await provider.changes(null).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 250 });
    graph.faults.push({ match: /root\/delta/, status: 503, retryAfter: '0.5' });
    const slept: number[] = [];
    const page = await withRetry(() => provider.changes(null), {
      clock: { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)).then(() => void slept.push(ms)) },
    });
    expect(slept).toEqual([500]);
    expect(page.upserts.length).toBeGreaterThan(0);
  });

  it('refreshes the token once after a 401 and retries; a second 401 is unauthorized', async () => {
    graph.authority.expireAccessTokens();
    refreshes.length = 0;
    await provider.changes(null);
    expect(refreshes[0]).toBe(false);
    expect(refreshes.filter(Boolean)).toHaveLength(1);
    graph.faults.push({ match: /root\/delta/, status: 401, times: 2 });
    await expect(provider.changes(null)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('reads byte ranges (206) and surfaces a connection reset mid-body as a network error', async () => {
    const nikon = ref('Pictures/Cameras/Nikon D5000.jpg');
    const bytes = await provider.readRange(nikon, 100, 4196);
    expect(Buffer.from(bytes)).toEqual(nikon.node.content?.subarray(100, 4196));
    expect((await provider.readRange(nikon, 10_000_000, 10_000_100)).length).toBe(0);
    graph.faults.push({ match: /_download/, resetAfterBytes: 1000 });
    const error = await provider.readRange(nikon, 0, 65536).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('network');
  });

  it('fetches thumbnails, and null when the item has none', async () => {
    const small = await provider.thumbnail(ref('Pictures/Cameras/Canon EOS 7D.jpg'), 'small');
    expect(Array.from(small?.subarray(0, 2) ?? [])).toEqual([0xff, 0xd8]);
    expect(await provider.thumbnail(ref('Pictures/Travel/denali.webp'), 'small')).toBeNull();
  });

  it('personal image: an embed link <img> loads (redirect to the content host) and the download.aspx form for the relay; revoking removes both', async () => {
    const item = { ...ref('Pictures/Travel/thompson-springs.jpg'), media: 'image' as const };
    const expiresAt = new Date(Date.now() + 3600_000);
    const link = await provider.createLink(item, expiresAt);
    // Sent and answered in whole seconds (yyyy-MM-ddTHH:mm:ssZ), so never later than asked.
    expect(link.expiresAt).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);
    const delivery = DeliveryDescriptor.parse(link.delivery);
    expect(delivery).toMatchObject({ provider: 'onedrive', download: null, referrer: 'no-referrer' });
    // Never the shares API: it answers 401 to anonymous callers now.
    for (const url of urlsOf(delivery)) expect(url).not.toContain('/shares/');
    const embed = delivery.full ?? '';
    expect(embed).toMatch(new RegExp(`^${graph.url}/embed\\?`));
    expect(delivery.grid).toEqual([embed]);
    expect(link.url).toBe(embed);
    expect(delivery.relaySource).toMatch(
      new RegExp(`^${graph.contentUrl}/personal/[0-9a-f]+/_layouts/15/download\\.aspx\\?share=[\\w-]+$`),
    );
    for (const url of [embed, delivery.relaySource ?? '']) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(item.node.content);
    }
    expect(link.extraLinkIds).toHaveLength(1);
    await provider.revokeLink(item, link);
    expect((await fetch(embed)).status).toBe(404);
    expect((await fetch(delivery.relaySource ?? '')).status).toBe(404);
    // Revoking again (links already gone) is not an error.
    await provider.revokeLink(item, link);
  }, 20_000);

  it('personal video: no embed link (video through it is reported broken); only the relay source', async () => {
    const item = { ...ref('Videos/with-gps.mp4'), media: 'video' as const };
    const link = await provider.createLink(item, null);
    expect(link.delivery).toMatchObject({ grid: [], full: null, download: null });
    expect(link.extraLinkIds).toEqual([]);
    const bytes = await fetch(link.delivery?.relaySource ?? '');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(item.node.content);
    await provider.revokeLink(item, link);
  }, 20_000);

  it('maps a malformed answer to bad_response and never follows a cursor to another origin', async () => {
    expect(await provider.changes('https://evil.example/v1.0/me/drive/root/delta')).toMatchObject({
      reset: true,
      upserts: [],
    });
    const bad = await provider
      .changes(`${graph.url}/v1.0/me/drive/root/delta?$select=id,nmae`)
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'bad_response', status: 400 });
  });

  it('looks up single items and lists one folder (for "index now" from the OneDrive web app)', async () => {
    const iphone = ref('Pictures/Travel/Apple iPhone 4.jpg');
    const travel = graph.store.findByPath('Pictures/Travel');
    const found = await provider.items!([iphone.id, 'NOPE!1', travel?.id ?? '']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: iphone.id, folder: 'Pictures/Travel', parentId: travel?.id, make: 'Apple' });
    const byId = await provider.listFolder!({ id: travel?.id ?? null, path: null });
    const byPath = await provider.listFolder!({ id: null, path: 'Pictures/Travel' });
    expect(byId.map((i) => i.name).sort()).toEqual(byPath.map((i) => i.name).sort());
    expect(byId).toHaveLength(4);
    expect(byId.every((i) => i.folder === 'Pictures/Travel')).toBe(true);
    expect(await provider.listFolder!({ id: 'root', path: null })).toEqual([]);
  });

  it('resumes from any page cursor with a fresh provider (a stopped service worker) and lists the same', async () => {
    const fresh = () =>
      createOneDriveProvider({
        http: createHttp({ fetch, getAccessToken: async () => token }),
        apiUrl: `${graph.url}/v1.0`,
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

describe('OneDrive for Business provider against the Graph contract server', () => {
  let business: GraphServer;
  let refusing: GraphServer;
  const providerFor = (g: GraphServer) =>
    createOneDriveProvider({
      http: createHttp({ fetch, getAccessToken: async () => g.authority.issueAccessToken() }),
      apiUrl: `${g.url}/v1.0`,
    });
  beforeAll(async () => {
    [business, refusing] = await Promise.all([
      startGraphServer({ driveType: 'business' }),
      startGraphServer({ driveType: 'business', allowAnonymousLinks: false }),
    ]);
    await Promise.all([seedFromFolder(business), seedFromFolder(refusing)]);
  }, 60_000);
  afterAll(() => Promise.all([business.close(), refusing.close()]));
  const bizRef = (g: GraphServer, path: string, media: 'image' | 'video') => ({
    id: g.store.findByPath(path)?.id ?? '',
    path,
    media,
  });

  it('publishes an "Anyone" link\'s download.aspx form: <img>/<video> load it (redirect across hosts); revoking ends it', async () => {
    const provider = providerFor(business);
    for (const [path, media] of [
      ['Pictures/Travel/thompson-springs.jpg', 'image'],
      ['Videos/with-gps.mp4', 'video'],
    ] as const) {
      const item = bizRef(business, path, media);
      const link = await provider.createLink(item, null);
      const d = DeliveryDescriptor.parse(link.delivery);
      expect(d).toMatchObject({ provider: 'onedrive-business', download: null });
      expect(d.full).toMatch(
        new RegExp(`^${business.contentUrl}/personal/\\w+/_layouts/52/download\\.aspx\\?share=[\\w-]+$`),
      );
      expect(d.grid).toEqual(media === 'image' ? [d.full] : []);
      const hop = await fetch(d.full ?? '', { redirect: 'manual' });
      expect(hop.status).toBe(302);
      expect(new URL(hop.headers.get('location') ?? '').host).not.toBe(new URL(d.full ?? '').host);
      const bytes = await fetch(d.full ?? '');
      expect(Buffer.from(await bytes.arrayBuffer())).toEqual(business.store.findByPath(path)?.content);
      await provider.revokeLink(item, link);
      expect((await fetch(d.full ?? '')).status).toBe(404);
    }
  }, 30_000);

  it('a tenant without "Anyone" links: the owner is told in words, not an error code', async () => {
    const error = await providerFor(refusing)
      .createLink(bizRef(refusing, 'Pictures/Travel/thompson-springs.jpg', 'image'), null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('forbidden');
    expect((error as ProviderError).message).toBe(ANYONE_LINKS_DISABLED);
    expect(ANYONE_LINKS_DISABLED).toMatch(/does not allow "Anyone" links/);
  });

  it('reports the drive quota: used is every file, the plan total, normal state', async () => {
    const bytes = graph.store.live().reduce((sum, n) => sum + (n.content?.length ?? 0), 0);
    expect(bytes).toBeGreaterThan(0);
    expect(await provider.storage?.()).toEqual({
      totalBytes: 5 * 1024 ** 3,
      usedBytes: bytes,
      inBinBytes: 0,
      state: 'normal',
    });
    graph.setQuotaBytes(bytes + 10);
    try {
      expect(await provider.storage?.()).toMatchObject({ totalBytes: bytes + 10, state: 'critical' });
    } finally {
      graph.setQuotaBytes(null);
    }
  });

  it('trashes an item into the recycle bin (delta reports it deleted) and restores it under the same id', async () => {
    const { cursor } = await listAll(null);
    const node = graph.store.addFile({ path: 'Bin/hk.jpg', bytes: Buffer.from([1, 2]), mimeType: 'image/jpeg' });
    const item = { id: node.id, path: 'Bin/hk.jpg' };
    expect(provider.deletes).toBe('bin');
    await provider.trash!(item);
    expect(graph.store.get(node.id)?.trashed).toBe(true);
    const afterTrash = await listAll(cursor);
    expect(afterTrash.deletions).toContain(node.id);
    await provider.trash!(item); // already in the bin: 404, counted as done
    await provider.restore!(item);
    const afterRestore = await listAll(afterTrash.cursor);
    expect(afterRestore.upserts.map((u) => u.id)).toContain(node.id);
    expect(afterRestore.deletions).not.toContain(node.id);
  });
});
