import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers';
import { limitFor } from '.';

describe('rate limits on token look-ups and sign-in', () => {
  it('answers 429 with Retry-After once an address exceeds its window, per address, and resets next window', async () => {
    const { app, clock } = testApp({ rateLimits: { token: { limit: 3, windowMs: 60_000 }, signin: { limit: 2, windowMs: 60_000 } } });
    clock.set(Date.parse('2026-06-01T12:00:10Z'));
    const probe = (ip: string) => app.request(`/api/public/shares/${'A'.repeat(43)}`, { headers: { 'cf-connecting-ip': ip } }, env);
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
