import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, ORIGIN, seedCollection, testApp } from '../../../test/helpers';

describe('authenticate + CSRF', () => {
  it('lets cookie sessions read, and write only from our origin with the CSRF token', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const cookie = `hyp_session=${user.session}`;
    const body = JSON.stringify({ title: 'Trip', kind: 'static' });
    const post = (headers: Record<string, string>) =>
      app.request(
        '/api/collections',
        { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body },
        env,
      );
    expect((await app.request('/api/collections', { headers: { cookie } }, env)).status).toBe(200);
    const noToken = await post({ origin: ORIGIN });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ error: { code: 'csrf' } });
    expect((await post({ 'x-csrf-token': user.csrf })).status).toBe(403);
    expect((await post({ origin: 'https://evil.example', 'x-csrf-token': user.csrf })).status).toBe(403);
    expect((await post({ origin: ORIGIN, 'x-csrf-token': 'A'.repeat(43) })).status).toBe(403);
    expect((await post({ origin: ORIGIN, 'x-csrf-token': user.csrf })).status).toBe(201);
  });

  it('refuses malformed, unknown and expired credentials', async () => {
    const { app, clock } = testApp();
    const user = await makeUser('Ada', clock.now());
    expect((await app.request('/api/me', { headers: { authorization: 'Basic abc' } }, env)).status).toBe(401);
    expect((await app.request('/api/me', { headers: { authorization: `Bearer ${'A'.repeat(43)}` } }, env)).status).toBe(
      401,
    );
    expect((await app.request('/api/me', { headers: { cookie: `hyp_session=${'A'.repeat(43)}` } }, env)).status).toBe(
      401,
    );
    expect((await app.request('/api/me', { headers: { cookie: `hyp_session=${user.session}` } }, env)).status).toBe(
      200,
    );
    clock.advance(31 * 86400_000);
    expect((await app.request('/api/me', { headers: { cookie: `hyp_session=${user.session}` } }, env)).status).toBe(
      401,
    );
  });
});

describe('anonymous routes ignore a session cookie', () => {
  it('lets a signed-in viewer post stats without a CSRF token (the token in the URL is the credential)', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1);
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const page = await json<{ items: { id: string }[] }>(app.request(`/api/public/shares/${s.token}/items`, {}, env));
    const res = await app.request(
      `/api/public/shares/${s.token}/stats`,
      {
        method: 'POST',
        headers: { cookie: `hyp_session=${owner.session}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ itemId: page.items[0]!.id, kind: 'viewed' }] }),
      },
      env,
    );
    expect(res.status).toBe(202);
  });
});

describe('extension origin (CORS)', () => {
  it('answers the extension’s preflight and Bearer calls, without credentials, and ignores web origins', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const ext = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const pre = await app.request(
      '/api/collections',
      {
        method: 'OPTIONS',
        headers: {
          origin: ext,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      },
      env,
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ext);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await app.request('/api/me', { headers: { origin: ext, authorization: `Bearer ${user.bearer}` } }, env);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ext);
    const web = await app.request(
      '/api/me',
      { headers: { origin: 'https://evil.example', authorization: `Bearer ${user.bearer}` } },
      env,
    );
    expect(web.headers.get('access-control-allow-origin')).toBeNull();
  });
});
