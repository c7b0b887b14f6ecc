import { env } from 'cloudflare:workers';
import { TokenIssued } from '@hypomos/shared/api/account';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, ORIGIN, testApp } from '../../test/helpers';

const EXT_REDIRECT = `https://${'abcdefghijklmnopabcdefghijklmnop'}.chromiumapp.org/paired`;

describe('extension pairing and API tokens', () => {
  it('pairs through launchWebAuthFlow: consent page, one-time code, exchange for a revocable token', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const cookie = `hyp_session=${user.session}`;
    const q = `redirect_uri=${encodeURIComponent(EXT_REDIRECT)}&state=st-12345678`;

    const anonymous = await app.request(`/auth/pair?${q}`, {}, env);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe(`/auth/signin?return_to=${encodeURIComponent(`/auth/pair?${q}`)}`);

    const consent = await app.request(`/auth/pair?${q}`, { headers: { cookie } }, env);
    expect(consent.status).toBe(200);
    expect(consent.headers.get('content-security-policy')).toContain('form-action');
    expect(await consent.text()).toContain(`value="${user.csrf}"`);

    const form = new URLSearchParams({ redirect_uri: EXT_REDIRECT, state: 'st-12345678', csrf: user.csrf });
    const post = (body: URLSearchParams, origin = ORIGIN) =>
      app.request(
        '/auth/pair',
        { method: 'POST', headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body },
        env,
      );
    expect((await post(new URLSearchParams({ ...Object.fromEntries(form), csrf: 'wrong' }))).status).toBe(403);
    expect((await post(form, 'https://evil.example')).status).toBe(403);
    const ok = await post(form);
    expect(ok.status).toBe(303);
    const back = new URL(ok.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(EXT_REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-12345678');
    const code = back.searchParams.get('code')!;

    const issued = await call(app, null, 'POST', '/api/tokens/exchange', { code, name: 'Chrome on laptop' });
    expect(issued.status).toBe(201);
    const { token, info, portal } = TokenIssued.parse(await issued.json());
    // The extension learns the portal's Drive browser key here (wrangler.toml DRIVE_API_KEY).
    expect(portal).toEqual({ driveApiKey: env.DRIVE_API_KEY });
    expect(portal.driveApiKey).toBeTruthy();
    expect((await call(app, null, 'POST', '/api/tokens/exchange', { code })).status).toBe(400);

    const asExtension = { ...user, bearer: token };
    expect(await json(call(app, asExtension, 'GET', '/api/me'))).toMatchObject({
      user: { id: user.id },
      via: 'token',
      csrfToken: null,
    });
    const list = await json<{ tokens: { id: string; name: string }[] }>(call(app, user, 'GET', '/api/tokens'));
    expect(list.tokens.map((t) => t.name)).toContain('Chrome on laptop');
    expect((await call(app, user, 'DELETE', `/api/tokens/${info.id}`)).status).toBe(204);
    const revoked = await call(app, asExtension, 'GET', '/api/me');
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('only redirects to extension identity URLs', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    for (const bad of [
      'https://evil.example/cb',
      'https://x.chromiumapp.org.evil.example/',
      'http://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    ]) {
      const r = await app.request(
        `/auth/pair?redirect_uri=${encodeURIComponent(bad)}&state=st-12345678`,
        { headers: { cookie: `hyp_session=${user.session}` } },
        env,
      );
      expect(r.status).toBe(400);
    }
  });

  it('expires pairing codes after five minutes', async () => {
    const { app, clock } = testApp();
    const user = await makeUser('Ada', clock.now());
    const form = new URLSearchParams({ redirect_uri: EXT_REDIRECT, state: 'st-12345678', csrf: user.csrf });
    const ok = await app.request(
      '/auth/pair',
      {
        method: 'POST',
        headers: {
          cookie: `hyp_session=${user.session}`,
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
      },
      env,
    );
    const code = new URL(ok.headers.get('location')!).searchParams.get('code')!;
    clock.advance(5 * 60_000 + 1);
    expect((await call(app, null, 'POST', '/api/tokens/exchange', { code })).status).toBe(400);
  });

  it('signs out: the session stops working', async () => {
    const { app } = testApp();
    const user = await makeUser('Ada');
    const headers = { cookie: `hyp_session=${user.session}`, origin: ORIGIN, 'x-csrf-token': user.csrf };
    expect((await app.request('/auth/logout', { method: 'POST', headers }, env)).status).toBe(204);
    expect((await app.request('/api/me', { headers }, env)).status).toBe(401);
  });
});
