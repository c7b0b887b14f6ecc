import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFromFolder } from '../seed/index';
import { type GraphServer, startGraphServer } from './server';

/** Loosely typed JSON for reading answers in assertions. */
type Json = Record<string, unknown>;

let graph: GraphServer;
let auth: Record<string, string>;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${graph.url}/v1.0${path}`, { ...init, headers: { ...auth, ...init.headers } });

beforeAll(async () => {
  graph = await startGraphServer();
  await seedFromFolder(graph);
  auth = { Authorization: `Bearer ${graph.authority.issueAccessToken()}` };
}, 60_000);
afterAll(() => graph.close());

async function fullDelta(top: number) {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined =
    `${graph.url}/v1.0/me/drive/root/delta?$top=${top}&$select=id,name,file,photo,image,video,location,parentReference,deleted`;
  let pages = 0;
  for (;;) {
    const res: Response = await fetch(next, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    pages++;
    items.push(...(body.value as Record<string, unknown>[]));
    if (body['@odata.deltaLink']) return { items, pages, deltaLink: body['@odata.deltaLink'] as string };
    next = body['@odata.nextLink'] as string;
  }
}

describe('Graph contract server', () => {
  it('pages a full delta and then reports adds, changes and deletes', async () => {
    const { items, pages, deltaLink } = await fullDelta(4);
    expect(pages).toBeGreaterThan(3);
    const files = items.filter((i) => i.file);
    expect(files).toHaveLength(14);
    expect(files.find((i) => i.name === 'Apple iPhone 4.jpg')).toMatchObject({
      parentReference: { driveType: 'personal' },
      photo: { cameraMake: 'Apple', cameraModel: 'iPhone 4', takenDateTime: '2011-01-13T14:33:39Z' },
      image: { width: 1296, height: 968 },
      location: { latitude: expect.closeTo(41.853, 3) },
      file: { mimeType: 'image/jpeg', hashes: { sha256Hash: expect.stringMatching(/^[0-9A-F]{64}$/) } },
    });
    const parent = files.find((i) => i.name === 'Apple iPhone 4.jpg')?.parentReference as { id: string } | undefined;
    const parentId = parent?.id ?? '';
    expect(
      await (await api(`/me/drive/items/${encodeURIComponent(parentId)}?$select=name,parentReference`)).json(),
    ).toMatchObject({
      name: 'Travel',
      parentReference: { path: '/drive/root:/Pictures' },
    });
    expect(files.find((i) => i.name === 'with-gps.mp4')).toMatchObject({
      video: { duration: 171, width: 1920, height: 1080 },
    });

    const victim = graph.store.findByPath('Pictures/Nature/el_torcal_rocks.jpg');
    const changed = graph.store.findByPath('Pictures/Nature/wood_anemones.jpg');
    if (!victim || !changed) throw new Error('seed missing');
    graph.store.remove(victim.id);
    graph.store.changeFile(changed.id, {
      bytes: Buffer.concat([changed.content ?? Buffer.alloc(0), Buffer.from('x')]),
    });
    graph.addFile({ path: 'Pictures/new.jpg', bytes: changed.content ?? Buffer.alloc(0), mimeType: 'image/jpeg' });
    const res = await fetch(deltaLink, { headers: auth });
    const body = (await res.json()) as { value: Json[] };
    expect(body.value.find((i) => i.id === victim.id)).toMatchObject({ deleted: { state: 'deleted' } });
    expect(body.value.find((i) => i.id === changed.id)).toMatchObject({ file: { mimeType: 'image/jpeg' } });
    expect(body.value.some((i) => i.name === 'new.jpg')).toBe(true);
    expect(body.value.some((i) => i.name === 'Apple iPhone 4.jpg')).toBe(false);
  });

  it('answers 410 resyncRequired for a checkpoint older than its history', async () => {
    const { deltaLink } = await fullDelta(50);
    graph.store.expireCheckpoints();
    const res = await fetch(deltaLink, { headers: auth });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({
      error: { code: 'resyncRequired', innerError: { code: 'resyncChangesApplyDifferences' } },
    });
    expect(res.headers.get('location')).toBe(`${graph.url}/v1.0/me/drive/root/delta`);
    const latest = (await (await api('/me/drive/root/delta?token=latest')).json()) as Json;
    expect(latest.value).toEqual([]);
    expect((await fetch(latest['@odata.deltaLink'] as string, { headers: auth })).status).toBe(200);
  });

  it('is strict about query parameters, $select names, tokens and content types', async () => {
    expect((await api('/me/drive/root/delta?$expand=children')).status).toBe(400);
    const bad = await api('/me/drive/root/delta?$select=id,nmae');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: expect.stringContaining("'nmae'") } });
    expect((await api('/me/drive/root/delta?$top=0')).status).toBe(400);
    expect((await fetch(`${graph.url}/v1.0/me/drive/root/delta`)).status).toBe(401);
    expect(
      (await fetch(`${graph.url}/v1.0/me/drive/root/delta`, { headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const item = graph.store.findByPath('Pictures/Travel/thompson-springs.jpg');
    const link = await api(`/me/drive/items/${encodeURIComponent(item?.id ?? '')}/createLink`, {
      method: 'POST',
      body: '{"type":"view","scope":"anonymous"}',
    });
    expect(link.status).toBe(400);
  });

  it('serves Range reads through the 302 download URL, with 416 past the end', async () => {
    const item = graph.store.findByPath('Pictures/Cameras/Nikon D5000.jpg');
    const path = `/me/drive/items/${encodeURIComponent(item?.id ?? '')}/content`;
    const res = await api(path, { headers: { Range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 10-19/${item?.content?.length}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(item?.content?.subarray(10, 20));
    expect((await api(path, { headers: { Range: 'bytes=99999999-' } })).status).toBe(416);
    const manual = await api(path, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toContain('tempauth=');
  });

  it('injects 429 with a fractional Retry-After once, then answers normally', async () => {
    graph.faults.push({ match: /delta/, status: 429, retryAfter: '0.5' });
    const first = await api('/me/drive/root/delta?$top=1');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('0.5');
    expect((await api('/me/drive/root/delta?$top=1')).status).toBe(200);
  });

  it('creates an anonymous link: webUrl is a viewer page, download.aspx on the content host serves the bytes (Range) until revoked or expired', async () => {
    const item = graph.store.findByPath('Pictures/Travel/thompson-springs.jpg');
    const base = `/me/drive/items/${encodeURIComponent(item?.id ?? '')}`;
    const post = (body: unknown) =>
      api(`${base}/createLink`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ type: 'view', scope: 'anonymous', colour: 'red' })).status).toBe(400);
    expect((await post({ type: 'edit', scope: 'anonymous' })).status).toBe(400);
    expect((await post({ type: 'view', scope: 'organization' })).status).toBe(400);
    const created = await post({
      type: 'view',
      scope: 'anonymous',
      expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const permission = (await created.json()) as { id: string; link: { webUrl: string } };
    const page = await fetch(permission.link.webUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('thompson-springs.jpg');
    const [, cid, token] = /\/c\/([0-9a-f]+)\/([\w-]+)/.exec(permission.link.webUrl) ?? [];
    const aspx = `${graph.contentUrl}/personal/${cid}/_layouts/15/download.aspx?share=${token}`;
    expect(Buffer.from(await (await fetch(aspx)).arrayBuffer())).toEqual(item?.content);
    const range = await fetch(aspx, { headers: { Range: 'bytes=10-19' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer())).toEqual(item?.content?.subarray(10, 20));
    // Another account's cid, or a token that is not a link: no such link.
    expect((await fetch(aspx.replace(`/${cid}/`, '/0000000000000000/'))).status).toBe(404);
    expect((await fetch(aspx.replace(/share=.*/, 'share=nope'))).status).toBe(404);
    expect((await fetch(aspx, { method: 'POST' })).status).toBe(405);
    expect((await api(`${base}/permissions/${permission.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(permission.link.webUrl)).status).toBe(404);
    expect((await fetch(aspx)).status).toBe(404);
  }, 20_000);

  it('answers an expired link with 403 accessDenied, as OneDrive does', async () => {
    let now = Date.now();
    const clocked = await startGraphServer({ now: () => now });
    try {
      const node = clocked.addFile({ path: 'a.jpg', bytes: Buffer.from('jpeg'), mimeType: 'image/jpeg' });
      const permission = clocked.store.addPermission(node, now + 1000);
      const aspx = `${clocked.contentUrl}/personal/d4648f06c91d9d3d/_layouts/15/download.aspx?share=${permission.token}`;
      expect((await fetch(aspx, { redirect: 'manual' })).status).toBe(302);
      now += 2000;
      const expired = await fetch(aspx, { redirect: 'manual' });
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('accessDenied');
    } finally {
      await clocked.close();
    }
  });

  it('serves thumbnails listed by /thumbnails', async () => {
    const item = graph.store.findByPath('Pictures/Cameras/Canon EOS 7D.jpg');
    const base = `/me/drive/items/${encodeURIComponent(item?.id ?? '')}/thumbnails`;
    const list = (await (await api(base)).json()) as { value: { small: { url: string; width: number } }[] };
    expect(list.value[0]?.small.width).toBeGreaterThan(0);
    const bytes = Buffer.from(await (await api(`${base}/0/small/content`)).arrayBuffer());
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.length).toBeLessThan(item?.content?.length ?? 0);
  });

  it('lists children by id, by path and for the root, paged with nextLink', async () => {
    const first = (await (await api('/me/drive/root:/Pictures/Travel:/children?$top=3&$select=id,name')).json()) as {
      value: Json[];
      '@odata.nextLink'?: string;
    };
    expect(first.value).toHaveLength(3);
    const rest = (await (await fetch(first['@odata.nextLink'] ?? '', { headers: auth })).json()) as { value: Json[] };
    expect([...first.value, ...rest.value].map((i) => i.name).sort()).toEqual([
      'Apple iPhone 4.jpg',
      'denali.webp',
      'portrait-orientation-6.jpg',
      'thompson-springs.jpg',
    ]);
    const root = (await (await api('/me/drive/root/children?$select=name,folder')).json()) as { value: Json[] };
    expect(root.value.map((i) => i.name).sort()).toEqual(['Pictures', 'Videos']);
    expect((await api('/me/drive/root:/No/Such:/children')).status).toBe(404);
    const ordered = (await (
      await api('/me/drive/root:/Pictures/Travel:/children?$orderby=name desc&$select=name')
    ).json()) as {
      value: Json[];
    };
    expect(ordered.value.map((i) => i.name)).toEqual([
      'thompson-springs.jpg',
      'portrait-orientation-6.jpg',
      'denali.webp',
      'Apple iPhone 4.jpg',
    ]);
    expect((await api('/me/drive/root/children?$orderby=color')).status).toBe(400);
  });
});

describe('DELETE /me/drive/items/{id} (driveitem-delete)', () => {
  it('answers 204, puts the item in the recycle bin (delta: deleted), and 404 once it is there', async () => {
    const node = graph.store.addFile({ path: 'Bin/old.jpg', bytes: Buffer.from([1, 2, 3]), mimeType: 'image/jpeg' });
    const before = (await (await api('/me/drive/root/delta')).json()) as Json;
    let link = before['@odata.deltaLink'] as string | undefined;
    for (let next = before['@odata.nextLink'] as string | undefined; next; ) {
      const page = (await (await fetch(next, { headers: auth })).json()) as Json;
      next = page['@odata.nextLink'] as string | undefined;
      link = page['@odata.deltaLink'] as string | undefined;
    }
    expect((await api(`/me/drive/items/${node.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(graph.store.get(node.id)?.trashed).toBe(true);
    expect((await api(`/me/drive/items/${node.id}`)).status).toBe(404);
    expect((await api(`/me/drive/items/${node.id}`, { method: 'DELETE' })).status).toBe(404);
    const changes = (await (await fetch(link!, { headers: auth })).json()) as { value: Json[] };
    expect(changes.value.find((i) => i.id === node.id)?.deleted).toEqual({ state: 'deleted' });
  });
});

describe('POST /me/drive/items/{id}/restore (driveitem-restore)', () => {
  it('brings an item back from the recycle bin under its id (200 with the item), and 404 for one not in the bin', async () => {
    const node = graph.store.addFile({ path: 'Bin/again.jpg', bytes: Buffer.from([4, 5, 6]), mimeType: 'image/jpeg' });
    const restore = () =>
      api(`/me/drive/items/${node.id}/restore`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
    expect((await restore()).status).toBe(404);
    expect((await api(`/me/drive/items/${node.id}`, { method: 'DELETE' })).status).toBe(204);
    const res = await restore();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: node.id, name: 'again.jpg' });
    expect((await api(`/me/drive/items/${node.id}`)).status).toBe(200);
  });
});
