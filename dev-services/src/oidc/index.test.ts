import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProviderHandle, startOidcProvider } from '.';

const b64url = (b: Buffer) => b.toString('base64url');
const REDIRECT = 'http://127.0.0.1:9/auth/callback/dev';

/** Follows redirects by hand, keeping cookies, until the client's redirect_uri is reached. */
async function runAuthorize(
  idp: OidcProviderHandle,
  fill?: (html: string, url: string) => { url: string; body: URLSearchParams },
) {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const jar = new Map<string, string>();
  let url = `${idp.issuer}/auth?${new URLSearchParams({ response_type: 'code', client_id: 'portal', redirect_uri: REDIRECT, scope: 'openid email profile', state: 's1', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256' })}`;
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const [k, v] = kv!.split('=');
      jar.set(k!, v ?? '');
    }
    const location = res.headers.get('location');
    if (location?.startsWith(REDIRECT)) return { callback: new URL(location), verifier };
    if (location) {
      url = new URL(location, url).toString();
      init = {};
      continue;
    }
    if (!fill) throw new Error(`stuck at ${url}: ${res.status}`);
    const next = fill(await res.text(), url);
    url = next.url;
    init = { method: 'POST', body: next.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many redirects');
}

describe('dev OIDC provider', () => {
  let idp: OidcProviderHandle;
  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [{ clientId: 'portal', clientSecret: 'dev-secret', redirectUris: [REDIRECT] }],
    });
  });
  afterAll(() => idp.close());

  it('signs a user in through its login page and issues a verifiable ID token with name and email', async () => {
    idp.autoLogin(null);
    const { callback, verifier } = await runAuthorize(idp, (html, url) => {
      expect(html).toContain('name="login"');
      const action = /action="([^"]+)"/.exec(html)![1]!;
      return {
        url: new URL(action, url).toString(),
        body: new URLSearchParams({ prompt: 'login', login: 'bob', password: 'any' }),
      };
    });
    expect(callback.searchParams.get('state')).toBe('s1');
    const token = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa('portal:dev-secret')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      }),
    });
    expect(token.status).toBe(200);
    const { id_token } = (await token.json()) as { id_token: string };
    const { payload } = await jwtVerify(id_token, createRemoteJWKSet(new URL(`${idp.issuer}/jwks`)), {
      issuer: idp.issuer,
      audience: 'portal',
    });
    expect(payload).toMatchObject({ sub: 'bob', name: 'Bob Guest', email: 'bob@example.org', nonce: 'n1' });
  });

  it('signs in without any page when autoLogin is set, and refuses a wrong PKCE verifier', async () => {
    idp.autoLogin('carol');
    const { callback } = await runAuthorize(idp);
    const token = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa('portal:dev-secret')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: b64url(randomBytes(32)),
      }),
    });
    expect(token.status).toBe(400);
    expect(() => idp.autoLogin('mallory')).toThrow(/unknown/);
  });
});
