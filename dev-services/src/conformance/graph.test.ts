import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { encodeSharingUrl } from '@hypomos/shared/providers/onedrive-share';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphServer, startGraphServer } from '../graph/server';
import { seedFromFolder } from '../seed/index';

/**
 * Conformance: the request/response examples and rules of Microsoft's Graph documentation pages, replayed against
 * our Graph contract server. Each test names the page it transcribes (learn.microsoft.com/graph/api/<page>, source
 * github.com/microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0). Documented example values (ids,
 * tokens, URLs) cannot match ours; the shapes, statuses, headers and rules must.
 */
const DOC = {
  delta: 'https://learn.microsoft.com/graph/api/driveitem-delta',
  itemReference: 'https://learn.microsoft.com/graph/api/resources/itemreference',
  getContent: 'https://learn.microsoft.com/graph/api/driveitem-get-content',
  createLink: 'https://learn.microsoft.com/graph/api/driveitem-createlink',
  thumbnails: 'https://learn.microsoft.com/graph/api/driveitem-list-thumbnails',
  children: 'https://learn.microsoft.com/graph/api/driveitem-list-children',
};

type Json = Record<string, unknown>;
const CORPORA = `${import.meta.dirname}/../../../../shared/corpora`;
type Server = { graph: GraphServer; auth: { Authorization: string } };

async function start(driveType: 'personal' | 'business'): Promise<Server> {
  const graph = await startGraphServer({ driveType, defaultPageSize: 5 });
  await seedFromFolder(graph);
  return { graph, auth: { Authorization: `Bearer ${graph.authority.issueAccessToken()}` } };
}
const get = (s: Server, pathOrUrl: string, init: RequestInit = {}) =>
  fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${s.graph.url}/v1.0${pathOrUrl}`, {
    redirect: 'manual',
    ...init,
    headers: { ...s.auth, ...init.headers },
  });
const json = async (res: Response) => (await res.json()) as Json;
const nodeOf = (s: Server, path: string) => {
  const n = s.graph.store.findByPath(path);
  if (!n) throw new Error(`not seeded: ${path}`);
  return n;
};
/** Follows nextLinks to the deltaLink; all items in order. */
async function wholeDelta(s: Server, first: string) {
  const items: Json[] = [];
  let next = first;
  for (;;) {
    const body = await json(await get(s, next));
    items.push(...(body.value as Json[]));
    if (body['@odata.deltaLink']) return { items, deltaLink: body['@odata.deltaLink'] as string };
    next = body['@odata.nextLink'] as string;
  }
}

describe.each(['personal', 'business'] as const)('Graph conformance (%s drive)', (driveType) => {
  let s: Server;
  beforeAll(async () => {
    s = await start(driveType);
  }, 60_000);
  afterAll(() => s.graph.close());
  const rootPath = () => (driveType === 'business' ? `/drives/${s.graph.driveId}/root:` : '/drive/root:');

  it(`${DOC.delta} Example 1: the first call pages items with either @odata.nextLink or @odata.deltaLink`, async () => {
    const res = await get(s, '/me/drive/root/delta');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(Array.isArray(body.value)).toBe(true);
    expect('@odata.nextLink' in body !== '@odata.deltaLink' in body).toBe(true);
    for (const item of body.value as Json[]) {
      expect(typeof item.id).toBe('string');
      expect(Boolean(item.file) || Boolean(item.folder) || Boolean(item.root)).toBe(true);
    }
  });

  it(`${DOC.delta} Remarks: parentReference carries no path in delta, so clients track items by id`, async () => {
    const { items } = await wholeDelta(s, '/me/drive/root/delta');
    const refs = items.filter((i) => i.parentReference).map((i) => i.parentReference as Json);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.every((r) => !('path' in r) && typeof r.id === 'string' && r.driveType === driveType)).toBe(true);
  });

  it(`${DOC.delta} Remarks: renaming a folder returns the folder alone, not its descendants`, async () => {
    const { deltaLink } = await wholeDelta(s, '/me/drive/root/delta');
    const travel = nodeOf(s, 'Pictures/Travel');
    s.graph.store.move(travel.id, { name: 'Travel 2011' });
    const { items } = await wholeDelta(s, deltaLink);
    expect(items.map((i) => i.id)).toEqual([travel.id]);
    expect(items[0]).toMatchObject({ name: 'Travel 2011', folder: expect.any(Object) });
    s.graph.store.move(travel.id, { name: 'Travel' });
  });

  it(`${DOC.delta} Example 2 + Remarks: a deleted item comes with the deleted facet, without the omitted properties`, async () => {
    const { deltaLink } = await wholeDelta(s, '/me/drive/root/delta');
    const victim = s.graph.addFile({ path: 'Gone/soon.jpg', bytes: Buffer.from('x'), mimeType: 'image/jpeg' });
    const added = await wholeDelta(s, deltaLink);
    const created = added.items.find((i) => i.id === victim.id) as Json;
    // Create/Modify: OneDrive for Business omits cTag; consumer OneDrive omits nothing.
    expect('cTag' in created).toBe(driveType === 'personal');
    s.graph.store.remove(victim.id);
    const { items } = await wholeDelta(s, added.deltaLink);
    const gone = items.find((i) => i.id === victim.id) as Json;
    expect(gone.deleted).toBeDefined();
    // Delete: Business omits cTag and name; consumer omits cTag and size.
    expect('cTag' in gone).toBe(false);
    expect('name' in gone).toBe(driveType === 'personal');
    expect('size' in gone).toBe(driveType === 'business');
  });

  it(`${DOC.delta} Example 3: ?token=latest answers no items and a deltaLink`, async () => {
    const body = await json(await get(s, '/me/drive/root/delta?token=latest'));
    expect(body.value).toEqual([]);
    expect(body['@odata.deltaLink']).toEqual(expect.stringContaining('token='));
  });

  it(`${DOC.delta} Example 2 (resync): an unusable token is 410 with resyncRequired and a Location that starts over`, async () => {
    const { deltaLink } = await wholeDelta(s, '/me/drive/root/delta');
    s.graph.store.expireCheckpoints();
    const res = await get(s, deltaLink);
    expect(res.status).toBe(410);
    expect(((await json(res)).error as Json).code).toBe('resyncRequired');
    const restart = await get(s, res.headers.get('location') ?? '');
    expect(restart.status).toBe(200);
  });

  it(`${DOC.delta} HTTP request: /drives/{drive-id}/root/delta and /me/drive/root/delta are the same feed`, async () => {
    const a = await wholeDelta(s, `/drives/${encodeURIComponent(s.graph.driveId)}/root/delta?$select=id`);
    const b = await wholeDelta(s, '/me/drive/root/delta?$select=id');
    expect(a.items.map((i) => i.id).sort()).toEqual(b.items.map((i) => i.id).sort());
    expect((await get(s, '/drives/b!unknown/root/delta')).status).toBe(404);
  });

  it(`${DOC.itemReference}: path is the API path of the ${driveType} form; the readable part follows the first ':'`, async () => {
    const item = nodeOf(s, 'Pictures/Travel/Apple iPhone 4.jpg');
    const body = await json(await get(s, `/me/drive/items/${encodeURIComponent(item.id)}`));
    expect(body.parentReference).toMatchObject({ path: `${rootPath()}/Pictures/Travel`, driveType });
    // "GET https://graph.microsoft.com/v1.0/drives/{driveId}/items/{id}" finds the item from its itemReference.
    const ref = body.parentReference as Json;
    const parent = await get(
      s,
      `/drives/${encodeURIComponent(String(ref.driveId))}/items/${encodeURIComponent(String(ref.id))}`,
    );
    expect((await json(parent)).name).toBe('Travel');
  });

  it(`${DOC.getContent}: /content is a 302 to a preauthenticated URL on another host that needs no Authorization`, async () => {
    const item = nodeOf(s, 'Pictures/Cameras/Canon EOS 7D.jpg');
    const res = await get(s, `/me/drive/items/${encodeURIComponent(item.id)}/content`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(s.graph.mediaUrl);
    expect(location.host).not.toBe(new URL(s.graph.url).host);
    // "Preauthenticated download URLs … don't require an Authorization header".
    const bytes = await fetch(location);
    expect(bytes.status).toBe(200);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(item.content as Buffer)).toBe(true);
    // The user's token must not reach the download host: it refuses a request that carries one.
    expect((await fetch(location, { headers: s.auth })).status).toBe(400);
    // Partial range downloads: Range on the download URL answers 206 with Content-Range.
    const part = await fetch(location, { headers: { Range: 'bytes=0-1023' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-1023/${item.content?.length}`);
  });

  it(`${DOC.getContent} (JavaScript apps): ?select=id,@microsoft.graph.downloadUrl gives the same preauthenticated URL`, async () => {
    const item = nodeOf(s, 'Pictures/Cameras/Canon EOS 7D.jpg');
    const body = await json(
      await get(s, `/drive/items/${encodeURIComponent(item.id)}?select=id,@microsoft.graph.downloadUrl`),
    );
    expect(Object.keys(body).sort()).toEqual(['@microsoft.graph.downloadUrl', 'id']);
    const url = new URL(String(body['@microsoft.graph.downloadUrl']));
    expect(url.origin).toBe(s.graph.mediaUrl);
    expect((await fetch(url)).status).toBe(200);
  });

  it(`${DOC.thumbnails} Example: a thumbnailSet with small, medium and large at 96, 176 and 800 longest edge`, async () => {
    const item = nodeOf(s, 'Pictures/Cameras/Canon EOS 7D.jpg');
    const body = await json(await get(s, `/me/drive/items/${encodeURIComponent(item.id)}/thumbnails`));
    const set = (body.value as Json[])[0] as Record<string, { width: number; height: number; url: string }>;
    expect(set.id).toBe('0');
    const longest = (t: { width: number; height: number }) => Math.max(t.width, t.height);
    expect(longest(set.small!)).toBe(96);
    expect(longest(set.medium!)).toBe(176);
    expect(longest(set.large!)).toBe(800);
    for (const size of ['small', 'medium', 'large']) expect(new URL(set[size]!.url).origin).toBe(s.graph.mediaUrl);
  });

  it(`${DOC.thumbnails}: ?select=medium returns only medium; /{size}/content redirects to the thumbnail URL`, async () => {
    const item = nodeOf(s, 'Pictures/Cameras/Canon EOS 7D.jpg');
    const base = `/me/drive/items/${encodeURIComponent(item.id)}/thumbnails`;
    const only = ((await json(await get(s, `${base}?select=medium`))).value as Json[])[0] as Json;
    expect(Object.keys(only).sort()).toEqual(['id', 'medium']);
    const one = await json(await get(s, `${base}/0/small`));
    expect(one).toMatchObject({ width: expect.any(Number), height: expect.any(Number), url: expect.any(String) });
    const res = await get(s, `${base}/0/small/content`);
    expect(res.status).toBe(302);
    const image = await fetch(res.headers.get('location') ?? '');
    expect(Buffer.from(await image.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it(`${DOC.thumbnails} (Requesting custom thumbnail sizes): ?select=c1920x1920 returns just that size, fitting inside the box with the original's aspect ratio`, async () => {
    // A real 3264×2448 phone photo (metadata-extractor-images, read from ../shared/corpora, not copied).
    const bytes = readFileSync(`${CORPORA}/metadata-extractor-images/jpg/Apple iPhone 6.jpg`);
    const big = s.graph.addFile({
      path: 'Big/iphone6.jpg',
      bytes,
      mimeType: 'image/jpeg',
      thumbnail: { bytes, width: 3264, height: 2448 },
    });
    const base = `/me/drive/items/${encodeURIComponent(big.id)}/thumbnails`;
    const set = ((await json(await get(s, `${base}?select=c1920x1920`))).value as Json[])[0] as Record<
      string,
      { width: number; height: number; url: string }
    >;
    expect(Object.keys(set).sort()).toEqual(['c1920x1920', 'id']);
    expect(set.c1920x1920).toMatchObject({ width: 1920, height: 1440 });
    // "The service responds with a redirect to the thumbnail URL"; the URL is pre-authenticated: no token needed.
    const res = await get(s, `${base}/0/c1920x1920/content`);
    expect(res.status).toBe(302);
    const image = Buffer.from(await (await fetch(res.headers.get('location') ?? '')).arrayBuffer());
    expect(await sharp(image).metadata()).toMatchObject({ format: 'jpeg', width: 1920, height: 1440 });
    const anonymous = await fetch(set.c1920x1920!.url);
    expect(anonymous.status).toBe(200);
    // A box larger than the photo is not an enlargement ("fits inside").
    const small = ((await json(await get(s, `${base}?select=c4000x4000`))).value as Json[])[0] as Json;
    expect(small.c4000x4000).toMatchObject({ width: 3264, height: 2448 });
    // `_Crop` is documented, but this server does not render it: refused, so no client silently relies on it.
    expect((await get(s, `${base}?select=c300x400_Crop`)).status).toBe(400);
    expect((await get(s, `${base}?select=huge`)).status).toBe(400);
  });

  it(`${DOC.thumbnails} (while listing): children?$expand=thumbnails includes each item's thumbnails`, async () => {
    const body = await json(await get(s, '/me/drive/root:/Pictures/Cameras:/children?$expand=thumbnails'));
    const items = body.value as Json[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => Array.isArray(i.thumbnails))).toBe(true);
    const first = items[0] as Json;
    expect((first.thumbnails as Json[])[0]).toMatchObject({ small: { width: expect.any(Number) } });
  });

  it(`${DOC.children}: $orderby is accepted`, async () => {
    const names = async (order: string) =>
      (
        (await json(await get(s, `/me/drive/root:/Pictures/Travel:/children?$orderby=${order}&$select=name`)))
          .value as Json[]
      ).map((i) => String(i.name));
    const asc = await names('name');
    expect(asc).toEqual([...asc].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await names('name desc')).toEqual([...asc].reverse());
  });

  it(`${DOC.createLink} Example: 201 with a Permission (id, roles, link.type/scope/webUrl); asking again returns it with 200`, async () => {
    const item = nodeOf(s, 'Videos/with-gps.mp4');
    const ask = (body: Json) =>
      get(s, `/me/drive/items/${encodeURIComponent(item.id)}/createLink`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await ask({ type: 'view', scope: 'anonymous', expirationDateTime: '2099-01-02T03:04:05Z' });
    expect(first.status).toBe(201);
    const created = await json(first);
    expect(created).toMatchObject({
      id: expect.any(String),
      roles: expect.any(Array),
      link: { type: 'view', scope: 'anonymous', webUrl: expect.any(String) },
      // "A String with format of yyyy-MM-ddTHH:mm:ssZ".
      expirationDateTime: '2099-01-02T03:04:05Z',
    });
    // "If a sharing link of the specified type already exists for the app, the existing sharing link will be returned."
    const again = await ask({ type: 'view', scope: 'anonymous' });
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(created.id);
  });
});

/**
 * Anonymous delivery: what a guest's browser (no token) gets from each link form. These rules come from public
 * reports and documentation, not from examples (../../../../shared/REAL-SERVICES.md, "OneDrive personal" and
 * "OneDrive for Business"); each test names its source.
 */
describe('Graph anonymous delivery', () => {
  let personal: Server;
  let business: Server;
  beforeAll(async () => {
    [personal, business] = await Promise.all([start('personal'), start('business')]);
  }, 60_000);
  afterAll(() => Promise.all([personal.graph.close(), business.graph.close()]));

  const createLink = (s: Server, path: string, body: Json) =>
    get(s, `/me/drive/items/${encodeURIComponent(nodeOf(s, path).id)}/createLink`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const anonymous = (url: string, init: RequestInit = {}) =>
    fetch(url, { redirect: 'manual', ...init, headers: { Origin: 'https://portal.example', ...init.headers } });
  /** Follows one redirect by hand: the Location must be on another host than the link. */
  async function followOnce(url: string) {
    const first = await anonymous(url);
    expect(first.status).toBe(302);
    const location = first.headers.get('location') ?? '';
    expect(new URL(location).hostname).not.toBe(new URL(url).hostname);
    return { first, final: await anonymous(location) };
  }

  it.each(['personal', 'business'] as const)(
    'shares API without a token: 401 unauthenticated for a %s drive (felixrieseberg/onedrive-link#1, Mapaler/GetOneDriveDirectLink#16/#17; shares-get: Business always needs auth)',
    async (kind) => {
      const s = kind === 'personal' ? personal : business;
      const view = await json(
        await createLink(s, 'Pictures/Travel/thompson-springs.jpg', { type: 'view', scope: 'anonymous' }),
      );
      const webUrl = (view.link as Json).webUrl as string;
      for (const sub of ['root/content', 'driveItem/content', 'driveItem']) {
        const res = await anonymous(`${s.graph.url}/v1.0/shares/${encodeSharingUrl(webUrl)}/${sub}`);
        expect(res.status).toBe(401);
        expect(((await json(res)).error as Json).code).toBe('unauthenticated');
      }
    },
  );

  it(`${DOC.createLink} (embeddable links, personal): type embed gives webHtml with an IFRAME of webUrl; an image's URL redirects to the bytes on another host (AboveVTT PR #2221)`, async () => {
    const res = await createLink(personal, 'Pictures/Travel/thompson-springs.jpg', { type: 'embed' });
    expect(res.status).toBe(201);
    const link = (await json(res)).link as Json;
    expect(link).toMatchObject({
      type: 'embed',
      webUrl: expect.any(String),
      webHtml: expect.stringMatching(/^<IFRAME /),
    });
    expect(link.webHtml).toContain(`src="${link.webUrl}"`);
    const { first, final } = await followOnce(link.webUrl as string);
    expect(new URL(first.headers.get('location') ?? '').origin).toBe(personal.graph.contentUrl);
    expect(final.status).toBe(200);
    expect(Buffer.from(await final.arrayBuffer())).toEqual(
      nodeOf(personal, 'Pictures/Travel/thompson-springs.jpg').content,
    );
    // CORS of these hosts is unknown: none is assumed, so fetch() from a page cannot read them.
    expect(first.headers.get('access-control-allow-origin')).toBeNull();
    expect(final.headers.get('access-control-allow-origin')).toBeNull();
  });

  it(`${DOC.createLink} (embeddable links): asking again returns the same embed link; a view link is a separate permission`, async () => {
    const path = 'Pictures/Travel/thompson-springs.jpg';
    const embed = await json(await createLink(personal, path, { type: 'embed' }));
    const again = await createLink(personal, path, { type: 'embed' });
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(embed.id);
    const view = await json(await createLink(personal, path, { type: 'view', scope: 'anonymous' }));
    expect(view.id).not.toBe(embed.id);
  });

  it('embed link of a video: the embeddable player page, not the bytes (AboveVTT reports video through embed links stopped in January 2026)', async () => {
    const link = (await json(await createLink(personal, 'Videos/with-gps.mp4', { type: 'embed' }))).link as Json;
    const res = await anonymous(link.webUrl as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('personal view link: new-format webUrl …/{i|u}/c/{cid}/{token} (rclone#7898) opens a viewer page; download.aspx?share={token} on the content host redirects to the bytes (undocumented, REAL-SERVICES.md)', async () => {
    const path = 'Pictures/Travel/thompson-springs.jpg';
    const view = await json(await createLink(personal, path, { type: 'view', scope: 'anonymous' }));
    const webUrl = new URL((view.link as Json).webUrl as string);
    const m = /^\/i\/c\/([0-9a-f]+)\/([\w-]+)$/.exec(webUrl.pathname);
    expect(m).not.toBeNull();
    const page = await anonymous(webUrl.toString());
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const aspx = `${personal.graph.contentUrl}/personal/${m?.[1]}/_layouts/15/download.aspx?share=${m?.[2]}`;
    const { final } = await followOnce(aspx);
    expect(Buffer.from(await final.arrayBuffer())).toEqual(nodeOf(personal, path).content);
    const location = (await anonymous(aspx)).headers.get('location') ?? '';
    const range = await anonymous(location, { headers: { Range: 'bytes=10-19' } });
    expect(range.status).toBe(206);
    // Revoked: every form of the link is gone.
    const id = encodeURIComponent(nodeOf(personal, path).id);
    expect((await get(personal, `/me/drive/items/${id}/permissions/${view.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await anonymous(aspx)).status).toBe(404);
    expect((await anonymous(webUrl.toString())).status).toBe(404);
  });

  it(`${DOC.createLink} (link types: embed is OneDrive personal only; onedrive-api-docs#1013): a Business drive refuses type embed`, async () => {
    const res = await createLink(business, 'Pictures/Travel/thompson-springs.jpg', { type: 'embed' });
    expect(res.status).toBe(400);
    expect(((await json(res)).error as Json).code).toBe('invalidRequest');
  });

  it('Business anonymous link: the link with download=1 and …/_layouts/52/download.aspx?share= redirect to the bytes on another host (rclone PR #2626); without download=1 a viewer page', async () => {
    const path = 'Pictures/Travel/thompson-springs.jpg';
    const view = await json(await createLink(business, path, { type: 'view', scope: 'anonymous' }));
    const webUrl = new URL((view.link as Json).webUrl as string);
    expect(webUrl.origin).toBe(business.graph.contentUrl);
    const m = /^\/:i:\/g\/personal\/([\w-]+)\/([\w-]+)$/.exec(webUrl.pathname);
    expect(m).not.toBeNull();
    expect((await anonymous(webUrl.toString())).headers.get('content-type')).toMatch(/^text\/html/);
    const withDownload = new URL(webUrl);
    withDownload.searchParams.set('download', '1');
    const aspx = `${business.graph.contentUrl}/personal/${m?.[1]}/_layouts/52/download.aspx?share=${m?.[2]}`;
    for (const url of [withDownload.toString(), aspx]) {
      const { final } = await followOnce(url);
      expect(final.status).toBe(200);
      expect(Buffer.from(await final.arrayBuffer())).toEqual(nodeOf(business, path).content);
    }
  });

  it(`${DOC.createLink} (scope anonymous: "Anonymous link support may be disabled by an administrator"): such a tenant refuses anonymous links`, async () => {
    const graph = await startGraphServer({ driveType: 'business', allowAnonymousLinks: false });
    try {
      await seedFromFolder(graph);
      const s = { graph, auth: { Authorization: `Bearer ${graph.authority.issueAccessToken()}` } };
      const res = await createLink(s, 'Pictures/Travel/thompson-springs.jpg', { type: 'view', scope: 'anonymous' });
      expect(res.status).toBe(403);
      expect(((await json(res)).error as Json).code).toBe('accessDenied');
    } finally {
      await graph.close();
    }
  });

  it.each(['personal', 'business'] as const)(
    'https://learn.microsoft.com/graph/api/drive-get: /me/drive tells the driveType (%s)',
    async (kind) => {
      const s = kind === 'personal' ? personal : business;
      const drive = await json(await get(s, '/me/drive?$select=id,driveType'));
      expect(drive).toEqual({ id: s.graph.driveId, driveType: kind });
    },
  );

  it.each(['personal', 'business'] as const)(
    'https://learn.microsoft.com/graph/api/drive-get Example and resources/quota: the quota facet adds up (%s)',
    async (kind) => {
      const s = kind === 'personal' ? personal : business;
      // The documented response: "quota": { "deleted": 256938, "remaining": 1099447353539, "state": "normal", "total": 1099511627776 }.
      const { quota } = (await json(await get(s, '/me/drive?$select=id,quota'))) as { quota: Json };
      expect(quota).toEqual({
        total: expect.any(Number),
        used: expect.any(Number),
        remaining: expect.any(Number),
        deleted: expect.any(Number),
        state: 'normal',
      });
      const live = s.graph.store.live().reduce((sum, n) => sum + (n.content?.length ?? 0), 0);
      expect(quota.used).toBe(live + Number(quota.deleted));
      expect(quota.remaining).toBe(Number(quota.total) - Number(quota.used));
    },
  );

  it('https://learn.microsoft.com/graph/api/resources/quota: recycle-bin bytes stay in used and show as deleted; state follows what remains', async () => {
    const graph = await startGraphServer();
    try {
      await seedFromFolder(graph);
      const s = { graph, auth: { Authorization: `Bearer ${graph.authority.issueAccessToken()}` } };
      const quota = async () => ((await json(await get(s, '/me/drive?$select=quota'))) as { quota: Json }).quota;
      const before = await quota();
      const node = nodeOf(s, 'Pictures/Travel/thompson-springs.jpg');
      graph.store.trash(node.id);
      const binned = await quota();
      expect(binned.used).toBe(before.used);
      expect(binned.deleted).toBe(Number(before.deleted) + (node.content?.length ?? 0));
      const used = Number(binned.used);
      // "nearing": less than 10% left; "critical": less than 1%; "exceeded": used is past the total.
      for (const [total, state] of [
        [Math.ceil(used / 0.95), 'nearing'],
        [Math.ceil(used / 0.995), 'critical'],
        [used - 1, 'exceeded'],
      ] as const) {
        graph.setQuotaBytes(total);
        expect(await quota()).toMatchObject({ total, state, remaining: Math.max(0, total - used) });
      }
    } finally {
      await graph.close();
    }
  });
});
