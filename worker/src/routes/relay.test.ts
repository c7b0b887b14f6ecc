import { env } from 'cloudflare:workers';
import { blobDelivery, driveDelivery } from '@hypomos/shared/sharing/delivery';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, testApp } from '../../test/helpers';

const SAS = 'https://acct.blob.core.windows.net/photos/a.jpg?sv=2025&si=share-1&sig=x';
const BYTES = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 251));

/** A provider host that serves BYTES with Range, and records every URL it was asked for. */
function fakeStorage(routes: Record<string, (req: Request) => Response> = {}) {
  const asked: { url: string; headers: Headers }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    asked.push({ url: req.url, headers: req.headers });
    expect(init?.redirect).toBe('manual');
    const route = routes[req.url];
    if (route) return route(req);
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.get('range') ?? '');
    if (m) {
      const start = Number(m[1]);
      const end = m[2] ? Number(m[2]) : BYTES.length - 1;
      return new Response(BYTES.slice(start, end + 1), {
        status: 206,
        headers: { 'content-type': 'image/jpeg', 'content-range': `bytes ${start}-${end}/${BYTES.length}` },
      });
    }
    return new Response(BYTES, { headers: { 'content-type': 'image/jpeg', 'set-cookie': 'provider=1' } });
  }) as typeof fetch;
  return { fetch: fetchFn, asked };
}

async function shareWith(app: ReturnType<typeof testApp>['app'], items: unknown[], shareBody: object = {}) {
  const owner = await makeUser('Owner');
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'azblob', name: 'Blob' });
  const col = await json<{ id: string }>(
    call(app, owner, 'POST', '/api/collections', { title: 'Mixed', kind: 'static', filterSummary: null }),
  );
  const published = await json<{ results: { itemId: string | null; status: string }[] }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items }),
  );
  const s = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/shares`, shareBody),
  );
  return { owner, col: col.id, token: s.token, shareId: s.share.id, results: published.results };
}

describe('the relay', () => {
  it('streams an item the token shows, passing Range through, with no provider headers and no caching', async () => {
    const storage = fakeStorage();
    const { app } = testApp({ fetch: storage.fetch });
    const { token, results } = await shareWith(app, [item(0, { delivery: blobDelivery(SAS, null, false) })]);
    const id = results[0]!.itemId!;
    const full = await app.request(`/api/relay/shares/${token}/items/${id}`, {}, env);
    expect(full.status).toBe(200);
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(BYTES);
    expect(full.headers.get('cache-control')).toBe('private, no-store');
    expect(full.headers.get('set-cookie')).toBeNull();
    const part = await app.request(
      `/api/relay/shares/${token}/items/${id}`,
      { headers: { range: 'bytes=10-19' } },
      env,
    );
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(BYTES.slice(10, 20));
    expect(storage.asked.map((a) => a.url)).toEqual([SAS, SAS]);
    // The public item says the relay can serve it, and never shows the relay's source link.
    const page = await json<{ items: { delivery: Record<string, unknown> }[] }>(
      app.request(`/api/public/shares/${token}/items`, {}, env),
    );
    expect(page.items[0]!.delivery).toMatchObject({ provider: 'azblob', full: SAS, download: null, relay: true });
    expect(page.items[0]!.delivery).not.toHaveProperty('relaySource');
  });

  it('follows redirects by hand and refuses one that leaves the provider hosts, before fetching it', async () => {
    const storage = fakeStorage({
      [SAS]: () =>
        new Response(null, { status: 302, headers: { location: 'https://other.blob.core.windows.net/x.jpg' } }),
      'https://other.blob.core.windows.net/x.jpg': () =>
        new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }),
    });
    const { app } = testApp({ fetch: storage.fetch });
    const { token, results } = await shareWith(app, [item(0, { delivery: blobDelivery(SAS, null, false) })]);
    const res = await app.request(`/api/relay/shares/${token}/items/${results[0]!.itemId}`, {}, env);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'host_not_allowed' } });
    expect(storage.asked.map((a) => a.url)).toEqual([SAS, 'https://other.blob.core.windows.net/x.jpg']);
  });

  it('refuses at publish a descriptor whose links leave its provider hosts', async () => {
    const { app } = testApp();
    const bad = { ...blobDelivery(SAS, null, false), relaySource: 'https://evil.example/x' };
    const { results } = await shareWith(app, [
      item(0, { delivery: bad }),
      item(1, { delivery: blobDelivery(SAS, null, true) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'created']);
  });

  it('refuses items the token cannot see, revoked shares at once, and shares whose owner turned it off', async () => {
    const storage = fakeStorage();
    const { app } = testApp({ fetch: storage.fetch });
    const a = await shareWith(app, [item(0, { delivery: blobDelivery(SAS, null, false) })]);
    const b = await shareWith(app, [item(0, { delivery: blobDelivery(SAS, null, false) })]);
    const other = await app.request(`/api/relay/shares/${a.token}/items/${b.results[0]!.itemId}`, {}, env);
    expect(other.status).toBe(404);
    expect(
      (await app.request(`/api/relay/shares/${'A'.repeat(43)}/items/${a.results[0]!.itemId}`, {}, env)).status,
    ).toBe(404);

    const own = `/api/relay/shares/${a.token}/items/${a.results[0]!.itemId}`;
    expect((await app.request(own, {}, env)).status).toBe(200);
    const off = await json<{ relayEnabled: boolean }>(
      call(app, a.owner, 'PATCH', `/api/shares/${a.shareId}`, { relay: false }),
    );
    expect(off.relayEnabled).toBe(false);
    const refused = await app.request(own, {}, env);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'relay_off' } });
    await call(app, a.owner, 'PATCH', `/api/shares/${a.shareId}`, { relay: true });
    await call(app, a.owner, 'DELETE', `/api/shares/${a.shareId}`);
    expect((await app.request(own, {}, env)).status).toBe(410);
    expect(storage.asked.length).toBe(1);
  });

  it('lists for the owner exactly the items guests cannot load with the relay off', async () => {
    const { app } = testApp();
    const drive = { ...item(2, { mediaType: 'video', mimeType: 'video/mp4' }) };
    const { owner, shareId, results } = await shareWith(
      app,
      [
        item(0, { delivery: blobDelivery(SAS, null, true) }),
        item(1, { delivery: driveDelivery('F1', 'image', 'KEY', 'RK') }),
        { ...drive, delivery: driveDelivery('F2', 'video', 'KEY', null) },
      ],
      { relay: false },
    );
    const listed = await json<{ items: { itemId: string; reasons: string[] }[] }>(
      call(app, owner, 'GET', `/api/shares/${shareId}/unrelayed`),
    );
    expect(listed.items).toEqual([
      expect.objectContaining({
        itemId: results[1]!.itemId,
        reasons: ['view'],
        provider: 'gdrive',
        mediaType: 'image',
        thumbnailUrl: 'https://drive.google.com/thumbnail?id=F1&sz=w800',
      }),
    ]);
    await call(app, owner, 'PATCH', `/api/shares/${shareId}`, { relay: true });
    expect(
      (await json<{ items: unknown[] }>(call(app, owner, 'GET', `/api/shares/${shareId}/unrelayed`))).items,
    ).toEqual([]);
  });

  it('sends the Drive resource key only to the first hop, refuses HTML pages, and maps throttles to 503', async () => {
    const api = 'https://www.googleapis.com/drive/v3/files/F1?alt=media&key=KEY';
    const storage = fakeStorage({
      [api]: () => new Response('<html>virus scan</html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      'https://www.googleapis.com/drive/v3/files/F2?alt=media&key=KEY': () =>
        new Response('{"error":{"errors":[{"reason":"downloadQuotaExceeded"}]}}', { status: 403 }),
      'https://www.googleapis.com/drive/v3/files/F3?alt=media&key=KEY': () =>
        new Response('{"error":{"errors":[{"reason":"notFound"}]}}', { status: 404 }),
    });
    const { app } = testApp({ fetch: storage.fetch });
    const { token, results } = await shareWith(app, [
      item(0, { delivery: driveDelivery('F1', 'image', 'KEY', 'RK') }),
      item(1, { delivery: driveDelivery('F2', 'image', 'KEY', null) }),
      item(2, { delivery: driveDelivery('F3', 'image', 'KEY', null) }),
    ]);
    const get = (i: number) => app.request(`/api/relay/shares/${token}/items/${results[i]!.itemId}`, {}, env);
    const html = await get(0);
    expect(html.status).toBe(502);
    expect(await html.json()).toMatchObject({ error: { code: 'not_media' } });
    expect(storage.asked[0]!.headers.get('x-goog-drive-resource-keys')).toBe('F1/RK');
    expect((await get(1)).status).toBe(503);
    expect((await get(2)).status).toBe(404);
  });

  it('streams the web-size rendition (?size=web) only where the share allows downloads and the relay', async () => {
    const drive = driveDelivery('F1', 'image', 'KEY', null);
    const web = 'https://drive.google.com/thumbnail?id=F1&sz=w1920-h1920';
    expect(drive.web).toBe(web);
    const storage = fakeStorage({
      // The thumbnail endpoint redirects to lh3.googleusercontent.com (REAL-SERVICES.md); both hops are Drive's hosts.
      [web]: () =>
        new Response(null, { status: 302, headers: { location: 'https://lh3.googleusercontent.com/d/x=w1920' } }),
    });
    const { app } = testApp({ fetch: storage.fetch });
    const videoDrive = driveDelivery('F2', 'video', 'KEY', null);
    expect(videoDrive.web).toBeNull();
    const items = [item(0, { delivery: drive }), item(1, { delivery: blobDelivery(SAS, null, false) })];
    const off = await shareWith(app, items);
    const webOnly = await shareWith(app, items, { downloads: 'web' });
    const noRelay = await shareWith(app, items, { downloads: 'original', relay: false });
    const at = (s: typeof off, i: number, q = '?size=web') =>
      app.request(`/api/relay/shares/${s.token}/items/${s.results[i]!.itemId}${q}`, {}, env);

    expect((await at(off, 0)).status).toBe(403); // downloads: none
    expect((await at(noRelay, 0)).status).toBe(403); // the owner keeps the share off the portal
    expect(storage.asked).toEqual([]);
    const res = await at(webOnly, 0);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-hypomos-relay')).toBe('1');
    expect(storage.asked.map((a) => a.url)).toEqual([web, 'https://lh3.googleusercontent.com/d/x=w1920']);
    // No Drive key header or resource key rides along to the thumbnail host; Blob has no rendition.
    expect((await at(webOnly, 1)).status).toBe(404);
    expect((await at(webOnly, 0, '?size=huge')).status).toBe(400);
    // The owner's setting is on the share for guests, and the public item carries the rendition's direct form.
    const meta = await json<{ downloads: string; allowDownload: boolean }>(
      app.request(`/api/public/shares/${webOnly.token}`, {}, env),
    );
    expect(meta).toMatchObject({ downloads: 'web', allowDownload: true });
    const page = await json<{ items: { delivery: { web: string | null } }[] }>(
      app.request(`/api/public/shares/${webOnly.token}/items`, {}, env),
    );
    expect(page.items.map((i) => i.delivery.web).sort()).toEqual([web, null].sort());
    // The owner changes it: web size off, then originals too; an older client's boolean still means originals.
    const patched = await json<{ downloads: string; allowDownload: boolean }>(
      call(app, webOnly.owner, 'PATCH', `/api/shares/${webOnly.shareId}`, { downloads: 'none' }),
    );
    expect(patched).toMatchObject({ downloads: 'none', allowDownload: false });
    expect((await at(webOnly, 0)).status).toBe(403);
    const legacy = await shareWith(app, items, { allowDownload: true });
    expect(
      (await json<{ downloads: string }>(app.request(`/api/public/shares/${legacy.token}`, {}, env))).downloads,
    ).toBe('original');
    expect(
      (await call(app, webOnly.owner, 'PATCH', `/api/shares/${webOnly.shareId}`, { downloads: 'all' })).status,
    ).toBe(400);
    // A rendition on a host outside the provider's allow-list is dropped; the item itself is still published.
    const odd = await shareWith(app, [item(5, { delivery: { ...drive, web: 'https://thumbs.example.com/x.jpg' } })], {
      downloads: 'web',
    });
    expect(odd.results[0]!.status).toBe('created');
    const oddPage = await json<{ items: { delivery: { web: string | null } }[] }>(
      app.request(`/api/public/shares/${odd.token}/items`, {}, env),
    );
    expect(oddPage.items[0]!.delivery.web).toBeNull();
  });

  it('limits requests per token', async () => {
    const storage = fakeStorage();
    const { app } = testApp({ fetch: storage.fetch });
    const { token, results } = await shareWith(app, [item(0, { delivery: blobDelivery(SAS, null, false) })]);
    const limited = { ...env, RATE_LIMIT_RELAY: '2/60' };
    const get = () => app.request(`/api/relay/shares/${token}/items/${results[0]!.itemId}`, {}, limited);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const third = await get();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
  });
});
