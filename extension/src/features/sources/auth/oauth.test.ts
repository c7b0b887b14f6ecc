import { type DriveServer, startDriveServer } from '@hypomos/dev-services/drive/server';
import { type GraphServer, startGraphServer } from '@hypomos/dev-services/graph/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../providers/http';
import { createOneDriveProvider } from '../providers/onedrive';
import {
  buildAuthorizeUrl,
  exchangeCode,
  googleConfig,
  microsoftConfig,
  OAuthError,
  parseRedirect,
  refreshTokens,
  TokenResponse,
} from './oauth';
import { signIn } from './sign-in';
import { type KeyValueStorage, TokenStore } from './token-store';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
let graph: GraphServer;
let drive: DriveServer;

beforeAll(async () => {
  graph = await startGraphServer({ clientIds: ['ms-client'] });
  drive = await startDriveServer({ clientIds: ['google-client'] });
}, 60_000);
afterAll(async () => {
  await graph.close();
  await drive.close();
});

/** What launchWebAuthFlow does with an auto-approving authorize page: follow it to the redirect. */
const followRedirect = async (url: string) => {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return location;
};
const memoryStorage = (): KeyValueStorage & { map: Map<string, unknown> } => {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    remove: async (k) => void map.delete(k),
  };
};
const msConfig = () =>
  microsoftConfig({ clientId: 'ms-client', redirectUri: REDIRECT, loginBase: `${graph.url}/common/oauth2/v2.0` });

describe('authorize URLs and token answers', () => {
  it('builds the Microsoft and Google authorize URLs with PKCE S256', () => {
    const ms = new URL(
      buildAuthorizeUrl(microsoftConfig({ clientId: 'c1', redirectUri: REDIRECT }), {
        state: 's',
        challenge: 'x'.repeat(43),
      }),
    );
    expect(ms.origin + ms.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(ms.searchParams)).toMatchObject({
      client_id: 'c1',
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge_method: 'S256',
      state: 's',
      scope: 'offline_access Files.ReadWrite User.Read',
    });
    const g = new URL(
      buildAuthorizeUrl(googleConfig({ clientId: 'c2', redirectUri: REDIRECT }), {
        state: 's',
        challenge: 'y'.repeat(43),
      }),
    );
    expect(g.origin + g.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(g.searchParams.get('access_type')).toBe('offline');
    expect(g.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/drive');
  });

  it('checks state and surfaces provider errors from the redirect', () => {
    expect(parseRedirect(`${REDIRECT}?code=abc&state=s1`, 's1')).toBe('abc');
    expect(() => parseRedirect(`${REDIRECT}?code=abc&state=other`, 's1')).toThrow(/does not belong/);
    expect(() => parseRedirect(`${REDIRECT}?error=access_denied&error_description=no&state=s1`, 's1')).toThrow(
      OAuthError,
    );
  });

  it('validates token answers', () => {
    expect(TokenResponse.safeParse({ token_type: 'Bearer', access_token: 'a', expires_in: 3599 }).success).toBe(true);
    expect(TokenResponse.safeParse({ token_type: 'mac', access_token: 'a', expires_in: 3599 }).success).toBe(false);
    expect(TokenResponse.safeParse({ token_type: 'Bearer', expires_in: 3599 }).success).toBe(false);
  });
});

describe('sign-in against the contract servers', () => {
  it('runs Microsoft code + PKCE, then a 401 triggers one refresh through the token store', async () => {
    const tokens = await signIn(msConfig(), { fetch, launch: followRedirect });
    expect(tokens.refreshToken).toBeTruthy();
    const store = new TokenStore(memoryStorage(), fetch);
    await store.save('od-1', msConfig(), tokens);
    const http = createHttp({ fetch, getAccessToken: (o) => store.getAccessToken('od-1', o) });
    const provider = createOneDriveProvider({ http, apiUrl: `${graph.url}/v1.0` });
    expect((await provider.changes(null)).done).toBe(true);
    graph.authority.expireAccessTokens();
    const before = graph.authority.tokenRequests.length;
    expect((await provider.changes(null)).done).toBe(true);
    expect(graph.authority.tokenRequests.slice(before)).toEqual([
      { grantType: 'refresh_token', clientId: 'ms-client' },
    ]);
    // Microsoft rotated the refresh token: the first one is spent.
    await expect(refreshTokens(fetch, msConfig(), tokens.refreshToken as string)).rejects.toMatchObject({
      code: 'invalid_grant',
    });
  });

  it('shares one refresh between concurrent callers and asks for sign-in when the refresh token is refused', async () => {
    const store = new TokenStore(memoryStorage(), fetch);
    await store.save('od-2', msConfig(), await signIn(msConfig(), { fetch, launch: followRedirect }));
    const before = graph.authority.tokenRequests.length;
    const [a, b] = await Promise.all([
      store.getAccessToken('od-2', { forceRefresh: true }),
      store.getAccessToken('od-2', { forceRefresh: true }),
    ]);
    expect(a).toBe(b);
    expect(graph.authority.tokenRequests.length - before).toBe(1);
    const broken = new TokenStore(memoryStorage(), fetch);
    await broken.save('od-3', msConfig(), { accessToken: 'x', refreshToken: 'not-a-token', expiresAt: 0, scope: null });
    await expect(broken.getAccessToken('od-3')).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('runs Google code + PKCE and keeps the refresh token across refreshes', async () => {
    const config = googleConfig({
      clientId: 'google-client',
      redirectUri: REDIRECT,
      authorizeUrl: `${drive.url}/o/oauth2/v2/auth`,
      tokenUrl: `${drive.url}/token`,
    });
    const tokens = await signIn(config, { fetch, launch: followRedirect });
    const store = new TokenStore(memoryStorage(), fetch);
    await store.save('gd-1', config, tokens);
    const fresh = await store.getAccessToken('gd-1', { forceRefresh: true });
    expect(fresh).not.toBe(tokens.accessToken);
    const res = await fetch(`${drive.url}/drive/v3/files?fields=files(id)`, {
      headers: { Authorization: `Bearer ${fresh}` },
    });
    expect(res.status).toBe(200);
    expect(await store.getAccessToken('gd-1', { forceRefresh: true })).toBeTruthy();
  });

  it('refuses a wrong PKCE verifier and an unknown client', async () => {
    const config = msConfig();
    const url = buildAuthorizeUrl(config, { state: 's', challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' });
    const code = parseRedirect(await followRedirect(url), 's');
    await expect(exchangeCode(fetch, config, code, 'A'.repeat(43))).rejects.toMatchObject({ code: 'invalid_grant' });
    const stranger = microsoftConfig({
      clientId: 'someone-else',
      redirectUri: REDIRECT,
      loginBase: `${graph.url}/common/oauth2/v2.0`,
    });
    const denied = await fetch(
      buildAuthorizeUrl(stranger, { state: 's', challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' }),
      { redirect: 'manual' },
    );
    expect(denied.status).toBe(400);
  });
});
