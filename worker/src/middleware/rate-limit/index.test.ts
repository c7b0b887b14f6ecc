import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, seedCollection, testApp } from '../../../test/helpers';
import { isFailedLookup, limitFor } from '.';

describe('rate limits on token look-ups and sign-in', () => {
  it('answers 429 with Retry-After once an address has too many failed look-ups, per address, and resets next window', async () => {
    const { app, clock } = testApp({
      rateLimits: { token: { limit: 3, windowMs: 60_000 }, signin: { limit: 2, windowMs: 60_000 } },
    });
    clock.set(Date.parse('2026-06-01T12:00:10Z'));
    const probe = (ip: string) =>
      app.request(`/api/public/shares/${'A'.repeat(43)}`, { headers: { 'cf-connecting-ip': ip } }, env);
    for (let i = 0; i < 3; i++) expect((await probe('203.0.113.7')).status).toBe(404);
    const limited = await probe('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await probe('198.51.100.1')).status).toBe(404);
    const page = await app.request(`/s/${'A'.repeat(43)}`, { headers: { 'cf-connecting-ip': '203.0.113.7' } }, env);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    clock.advance(50_000);
    expect((await probe('203.0.113.7')).status).toBe(404);
  });

  it('caps every viewer request per address with the Rate Limiting binding, writing nothing to D1', async () => {
    const { app } = testApp({ viewerLimiter: env.TEST_VIEWER_LIMITER });
    const owner = await makeUser('Owner');
    const s = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${await seedCollection(app, owner, 2)}/shares`, {}),
    );
    const before = await env.DB.prepare(
      'SELECT count(*) AS n, coalesce(sum(count), 0) AS hits FROM rate_limits',
    ).first();
    const read = (ip: string, path = `/api/public/shares/${s.token}/items`) =>
      app.request(path, { headers: { 'cf-connecting-ip': ip } }, env);
    for (let i = 0; i < 5; i++) expect((await read('203.0.113.77')).status).toBe(200);
    const refused = await read('203.0.113.77', `/s/${s.token}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await read('203.0.113.77')).status).toBe(429);
    expect((await read('198.51.100.77')).status).toBe(200);
    const after = await env.DB.prepare(
      'SELECT count(*) AS n, coalesce(sum(count), 0) AS hits FROM rate_limits',
    ).first();
    expect(after).toEqual(before);
  });

  it('does not count successful look-ups against the guessing limit', async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 2, windowMs: 60_000 } } });
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1);
    const s = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'letmein1' }),
    );
    const ip = { 'cf-connecting-ip': '203.0.113.9' };
    for (let i = 0; i < 5; i++)
      expect((await app.request(`/api/public/shares/${s.token}`, { headers: ip }, env)).status).toBe(200);
    const unlock = (passcode: string) =>
      app.request(
        `/api/public/shares/${s.token}/unlock`,
        { method: 'POST', headers: { ...ip, 'content-type': 'application/json' }, body: JSON.stringify({ passcode }) },
        env,
      );
    expect((await unlock('wrong-1')).status).toBe(401);
    expect((await unlock('wrong-2')).status).toBe(401);
    // Two wrong passcodes used up the guessing budget: even the right one waits for the next window.
    expect((await unlock('letmein1')).status).toBe(429);
    expect((await app.request(`/api/public/shares/${s.token}`, { headers: ip }, env)).status).toBe(429);
  });

  it('classifies failed look-ups', () => {
    expect(isFailedLookup('/api/public/shares/x/items', 404)).toBe(true);
    expect(isFailedLookup('/api/public/shares/x/unlock', 401)).toBe(true);
    expect(isFailedLookup('/api/public/shares/x/items', 401)).toBe(false);
    expect(isFailedLookup('/api/tokens/exchange', 400)).toBe(true);
    expect(isFailedLookup('/api/public/shares/x', 200)).toBe(false);
  });

  it('limits sign-in attempts', async () => {
    const { app } = testApp({ rateLimits: { signin: { limit: 2, windowMs: 60_000 } } });
    const e = { ...env, OIDC_PROVIDERS: '[]' };
    expect((await app.request('/auth/login/x', {}, e)).status).toBe(404);
    expect((await app.request('/auth/login/x', {}, e)).status).toBe(404);
    expect((await app.request('/auth/login/x', {}, e)).status).toBe(429);
  });

  it('stores only hashed addresses', async () => {
    const { app } = testApp();
    await app.request(`/api/public/shares/${'A'.repeat(43)}`, { headers: { 'cf-connecting-ip': '192.0.2.55' } }, env);
    const rows = await env.DB.prepare('SELECT key FROM rate_limits').all<{ key: string }>();
    expect(rows.results.length).toBeGreaterThan(0);
    expect(rows.results.some((r) => r.key.includes('192.0.2.55'))).toBe(false);
  });

  it('reads limits from the env', () => {
    expect(limitFor('token', { ...env, RATE_LIMIT_TOKEN: '10/30' })).toEqual({ limit: 10, windowMs: 30_000 });
    expect(limitFor('signin', { ...env, RATE_LIMIT_SIGNIN: 'junk' })).toEqual({ limit: 30, windowMs: 60_000 });
  });
});
