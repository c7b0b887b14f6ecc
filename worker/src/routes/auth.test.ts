import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../test/helpers';
import { pkceChallenge } from '../repositories/crypto';

// A stand-in identity provider answered through the app's injected fetch: discovery, JWKS and a token endpoint
// that checks the client secret and the PKCE verifier exactly as a real provider must. The Node oidc-provider run
// happens in e2e/portal-signin.e2e.ts.

const ISSUER = 'https://idp.test';
const providerEnv = {
  ...env,
  OIDC_PROVIDERS: JSON.stringify([
    { id: 'dev', name: 'Dev ID', issuer: ISSUER, clientId: 'portal', secretName: 'OIDC_DEV_SECRET' },
  ]),
  OIDC_DEV_SECRET: 's3cret',
};

async function fakeProvider(opts: { nonceOverride?: string; audience?: string } = {}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string }>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/.well-known/openid-configuration') {
      return Response.json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks`,
      });
    }
    if (url.pathname === '/jwks') return Response.json({ keys: [jwk] });
    if (url.pathname === '/token') {
      if (new Headers(init?.headers).get('authorization') !== `Basic ${btoa('portal:s3cret')}`)
        return Response.json({ error: 'invalid_client' }, { status: 401 });
      const form = new URLSearchParams(String(init?.body));
      const grant = codes.get(form.get('code') ?? '');
      if (!grant || (await pkceChallenge(form.get('code_verifier') ?? '')) !== grant.challenge)
        return Response.json({ error: 'invalid_grant' }, { status: 400 });
      const idToken = await new SignJWT({
        nonce: opts.nonceOverride ?? grant.nonce,
        email: 'ada@example.org',
        email_verified: true,
        name: 'Ada <Lovelace>',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(opts.audience ?? 'portal')
        .setSubject('user-123')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return Response.json({ id_token: idToken, access_token: 'unused', token_type: 'Bearer' });
    }
    return new Response('not found', { status: 404 });
  };
  /** What the provider does when the browser arrives at its authorization endpoint: issue a code. */
  const authorize = (location: string) => {
    const u = new URL(location);
    const code = `code-${codes.size + 1}`;
    codes.set(code, { challenge: u.searchParams.get('code_challenge')!, nonce: u.searchParams.get('nonce')! });
    return { code, state: u.searchParams.get('state')! };
  };
  return { fetch, authorize };
}

/** workerd implements Headers.getSetCookie; workers-types does not declare it yet. */
const setCookies = (res: Response) => (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
const cookieOf = (res: Response, name: string) =>
  (setCookies(res).find((c) => c.startsWith(`${name}=`)) ?? '').split(';')[0]!;

async function signIn(opts: Parameters<typeof fakeProvider>[0] = {}) {
  const idp = await fakeProvider(opts);
  const { app } = testApp({ fetch: idp.fetch, now: () => Date.now() });
  const login = await app.request('/auth/login/dev?return_to=/app/shares', {}, providerEnv);
  expect(login.status).toBe(302);
  const location = login.headers.get('location')!;
  const { code, state } = idp.authorize(location);
  const callback = await app.request(
    `/auth/callback/dev?code=${code}&state=${state}`,
    { headers: { cookie: cookieOf(login, 'hyp_login') } },
    providerEnv,
  );
  return { app, login, location, callback, idp };
}

describe('OIDC sign-in (Authorization Code + PKCE)', () => {
  it('redirects with PKCE S256, state and nonce, then signs in and sets a session cookie', async () => {
    const { app, location, callback, login } = await signIn();
    const u = new URL(location);
    expect(u.origin + u.pathname).toBe(`${ISSUER}/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'portal',
      redirect_uri: `${env.PUBLIC_ORIGIN}/auth/callback/dev`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    expect(u.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(u.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookieOf(login, 'hyp_login')).toBeTruthy();
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/app/shares');
    const session = setCookies(callback).find((c) => c.startsWith('hyp_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const me = await app.request('/api/me', { headers: { cookie: session.split(';')[0]! } }, providerEnv);
    expect(await me.json()).toMatchObject({
      user: { displayName: 'Ada <Lovelace>', email: 'ada@example.org' },
      via: 'session',
    });
  });

  it('replaces the browser session on a new sign-in: the session token from before stops working (issue 16, finding 6)', async () => {
    const first = await signIn();
    const old = cookieOf(first.callback, 'hyp_session');
    const login = await first.app.request('/auth/login/dev', { headers: { cookie: old } }, providerEnv);
    const { code, state } = first.idp.authorize(login.headers.get('location')!);
    const again = await first.app.request(
      `/auth/callback/dev?code=${code}&state=${state}`,
      { headers: { cookie: `${old}; ${cookieOf(login, 'hyp_login')}` } },
      providerEnv,
    );
    expect(again.status).toBe(302);
    const fresh = cookieOf(again, 'hyp_session');
    expect(fresh).not.toBe(old);
    const me = (cookie: string) => first.app.request('/api/me', { headers: { cookie } }, providerEnv);
    expect((await me(old)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
  });

  it('refuses an ID token whose nonce does not match', async () => {
    const { callback } = await signIn({ nonceOverride: 'someone-elses-nonce' });
    expect(callback.status).toBe(401);
    expect(await callback.json()).toMatchObject({ error: { code: 'invalid_id_token' } });
  });

  it('refuses an ID token for another client', async () => {
    const { callback } = await signIn({ audience: 'other-client' });
    expect(callback.status).toBe(401);
  });

  it('refuses a callback without the browser-bound state, and a replayed state', async () => {
    const idp = await fakeProvider();
    const { app } = testApp({ fetch: idp.fetch, now: () => Date.now() });
    const login = await app.request('/auth/login/dev', {}, providerEnv);
    const { code, state } = idp.authorize(login.headers.get('location')!);
    const noCookie = await app.request(`/auth/callback/dev?code=${code}&state=${state}`, {}, providerEnv);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.json()).toMatchObject({ error: { code: 'state_mismatch' } });
    const cookie = cookieOf(login, 'hyp_login');
    expect(
      (await app.request(`/auth/callback/dev?code=${code}&state=${state}`, { headers: { cookie } }, providerEnv))
        .status,
    ).toBe(302);
    expect(
      (await app.request(`/auth/callback/dev?code=${code}&state=${state}`, { headers: { cookie } }, providerEnv))
        .status,
    ).toBe(400);
  });

  it('uses __Host- Secure cookies over https', async () => {
    const idp = await fakeProvider();
    const { app } = testApp({ fetch: idp.fetch, now: () => Date.now() });
    const httpsEnv = { ...providerEnv, PUBLIC_ORIGIN: 'https://share.example.org' };
    const login = await app.request('https://share.example.org/auth/login/dev', {}, httpsEnv);
    const cookie = setCookies(login)[0]!;
    expect(cookie).toMatch(/^__Host-hyp_login=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain/);
  });

  it('lists providers, renders a sign-in page, and refuses open redirects', async () => {
    const { app } = testApp();
    expect(await (await app.request('/auth/providers', {}, providerEnv)).json()).toEqual({
      providers: [{ id: 'dev', name: 'Dev ID', loginUrl: '/auth/login/dev' }],
    });
    const page = await (await app.request('/auth/signin?return_to=/s/abc', {}, providerEnv)).text();
    expect(page).toContain('href="/auth/login/dev?return_to=%2Fs%2Fabc"');
    const evil = await (await app.request('/auth/signin?return_to=//evil.example', {}, providerEnv)).text();
    expect(evil).toContain('return_to=%2Fauth%2Fdone');
    expect((await app.request('/auth/login/nope', {}, providerEnv)).status).toBe(404);
  });
});
