import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, seedCollection, testApp } from './helpers';

// Issue 16, finding 6: the small holes the outside attack found, each replayed.

const eventBody = (now: number) => ({
  title: 'Party',
  startsAt: new Date(now).toISOString(),
  endsAt: new Date(now + 86400_000).toISOString(),
  expiresAt: new Date(now + 90 * 86400_000).toISOString(),
});

describe('issue 16, finding 6', () => {
  it('private JSON answers carry Cache-Control: private, no-store; public ones keep their own', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1);
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    for (const [who, path] of [
      [owner, '/api/me'],
      [owner, '/api/shares'],
      [owner, `/api/collections/${col}/items`],
      [owner, '/api/tokens'],
      [null, '/api/me'],
      [owner, '/api/collections/nope'],
    ] as const) {
      const res = await call(app, who, 'GET', path);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
    }
    const publicItems = await app.request(`/api/public/shares/${s.token}/items`, {}, env);
    expect(publicItems.headers.get('cache-control')).toBe('no-cache');
  });

  it('POST /api/contributions counts unknown event tokens against the guessing limit', async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 3, windowMs: 60_000 } } });
    const guest = await makeUser('Guest');
    const col = await seedCollection(app, guest, 1);
    const guess = (i: number) =>
      call(
        app,
        guest,
        'POST',
        '/api/contributions',
        { eventToken: `${'C'.repeat(40)}${String(i).padStart(3, '0')}`, collectionId: col },
        { 'cf-connecting-ip': '198.51.100.61' },
      );
    for (let i = 0; i < 3; i++) expect((await guess(i)).status).toBe(404);
    const limited = await guess(3);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('a viewer asking for removed items of a valid share is never counted as a guesser', async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 3, windowMs: 60_000 } } });
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 2);
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const ip = { 'cf-connecting-ip': '198.51.100.62' };
    const page = await json<{ items: { id: string }[] }>(
      app.request(`/api/public/shares/${s.token}/items`, { headers: ip }, env),
    );
    const removed = page.items[0]!.id;
    await call(app, owner, 'POST', `/api/collections/${col}/items/remove`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-0' }],
    });
    for (let i = 0; i < 6; i++) {
      expect([404, 403]).toContain(
        (await app.request(`/api/relay/shares/${s.token}/items/${removed}`, { headers: ip }, env)).status,
      );
      const report = await call(
        app,
        null,
        'POST',
        `/api/public/shares/${s.token}/reports`,
        {
          itemId: removed,
          reason: 'not_found',
        },
        ip,
      );
      expect(report.status).toBe(202);
    }
    expect((await app.request(`/api/public/shares/${s.token}/items`, { headers: ip }, env)).status).toBe(200);
    expect((await app.request(`/s/${s.token}`, { headers: ip }, env)).status).toBe(200);
  });

  it('strips bidi and control characters from titles, names and places before they are stored', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner');
    const evil = 'Trip\u202Egpj.exe\u0007\r\nnext';
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: `One\u2066Drive\u2069` });
    const col = await json<{ id: string; title: string }>(
      call(app, owner, 'POST', '/api/collections', { title: evil, kind: 'static', filterSummary: 'Tag:\u200F x' }),
    );
    expect(col.title).toBe('Tripgpj.exe next');
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, {
      items: [item(0, { placeLabel: 'Rome\u202D, Italy\u0000' })],
    });
    const items = await json<{ items: { placeLabel: string }[] }>(
      call(app, owner, 'GET', `/api/collections/${col.id}/items`),
    );
    expect(items.items[0]!.placeLabel).toBe('Rome, Italy');
    const share = await json<{ share: { title: string } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, { title: '\u202Eevil' }),
    );
    expect(share.share.title).toBe('evil');
    const ev = await json<{ event: { title: string } }>(
      call(app, owner, 'POST', '/api/events', { ...eventBody(clock.now()), title: 'Party\u061C\u001B[31m' }),
    );
    expect(ev.event.title).toBe('Party[31m');
    const onlyControls = await call(app, owner, 'POST', '/api/collections', { title: '\u202E\u0007', kind: 'static' });
    expect(onlyControls.status).toBe(400);
  });

  it('refuses item links off the provider media hosts at publish and patch time (metadata endpoint, user info)', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1);
    const bad = [
      item(10, { originalUrl: 'http://169.254.169.254/latest/meta-data/iam' }),
      item(11, { originalUrl: 'https://user:pass@contoso-my.sharepoint.com/personal/o/x' }),
      item(12, { thumbnailUrl: 'https://evil.example/track.gif' }),
      item(13, { originalUrl: 'https://contoso-my.sharepoint.com:8443/x' }),
    ];
    const res = await json<{ results: { status: string; reason?: string }[] }>(
      call(app, owner, 'POST', `/api/collections/${col}/items`, { items: [...bad, item(14)] }),
    );
    expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'created']);
    const patched = await json<{ results: { status: string }[] }>(
      call(app, owner, 'PATCH', `/api/collections/${col}/items`, {
        items: [{ sourceId: 'od1', sourceItemId: 'item-0', originalUrl: 'http://169.254.169.254/' }],
      }),
    );
    expect(patched.results.map((r) => r.status)).toEqual(['rejected']);
  });

  it('limits direct-share invitations per owner: at most 30 an hour, found or not', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1);
    const add = (i: number) =>
      call(app, owner, 'POST', `/api/collections/${col}/recipients`, { email: `probe-${i}@example.org` });
    for (let i = 0; i < 30; i++) expect((await add(i)).status).toBe(201);
    const limited = await add(30);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    clock.advance(3_600_000);
    expect((await add(31)).status).toBe(201);
  });
});
