import { z } from 'zod';

/**
 * OAuth 2.0 Authorization Code + PKCE for Microsoft (identity platform v2.0) and Google: authorize URLs,
 * code exchange and refresh. Endpoints and client ids are configuration, so the same code signs in to
 * the real services and to the contract servers.
 */
export const OAuthClientConfig = z.object({
  provider: z.enum(['microsoft', 'google']),
  clientId: z.string().min(1),
  /** Google "web application" clients need it even with PKCE; Microsoft public clients have none. */
  clientSecret: z.string().optional(),
  authorizeUrl: z.string().url(),
  tokenUrl: z.string().url(),
  scopes: z.array(z.string()).min(1),
  redirectUri: z.string().url(),
});
export type OAuthClientConfig = z.infer<typeof OAuthClientConfig>;

/** OneDrive: read files and create/delete sharing links; offline_access for a refresh token. */
export const MICROSOFT_SCOPES = ['offline_access', 'Files.ReadWrite', 'User.Read'];
/** Drive: the full scope, because sharing existing files needs more than drive.file. */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/drive'];

export function microsoftConfig(o: { clientId: string; redirectUri: string; loginBase?: string }): OAuthClientConfig {
  const base = (o.loginBase ?? 'https://login.microsoftonline.com/common/oauth2/v2.0').replace(/\/+$/, '');
  return OAuthClientConfig.parse({
    provider: 'microsoft',
    clientId: o.clientId,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    scopes: MICROSOFT_SCOPES,
    redirectUri: o.redirectUri,
  });
}

export function googleConfig(o: {
  clientId: string;
  redirectUri: string;
  clientSecret?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
}): OAuthClientConfig {
  return OAuthClientConfig.parse({
    provider: 'google',
    clientId: o.clientId,
    ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
    authorizeUrl: o.authorizeUrl ?? 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: o.tokenUrl ?? 'https://oauth2.googleapis.com/token',
    scopes: GOOGLE_SCOPES,
    redirectUri: o.redirectUri,
  });
}

export function buildAuthorizeUrl(config: OAuthClientConfig, p: { state: string; challenge: string }): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', p.state);
  url.searchParams.set('code_challenge', p.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (config.provider === 'google') {
    // A refresh token is only issued with offline access, and again only on a fresh consent.
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
  } else url.searchParams.set('response_mode', 'query');
  return url.toString();
}

export class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

/** The authorization code from the redirect, after checking `state`; provider errors become OAuthError. */
export function parseRedirect(redirectedTo: string, expectedState: string): string {
  const params = new URL(redirectedTo).searchParams;
  if (params.get('state') !== expectedState)
    throw new OAuthError('state_mismatch', 'The sign-in answer does not belong to this request');
  const error = params.get('error');
  if (error) throw new OAuthError(error, params.get('error_description') ?? error);
  const code = params.get('code');
  if (!code) throw new OAuthError('no_code', 'The sign-in answer has no authorization code');
  return code;
}

export const TokenResponse = z.object({
  token_type: z.string().regex(/^bearer$/i),
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

export const TokenSet = z.object({
  accessToken: z.string(),
  refreshToken: z.string().nullable(),
  /** Epoch ms */
  expiresAt: z.number(),
  scope: z.string().nullable(),
});
export type TokenSet = z.infer<typeof TokenSet>;

export async function exchangeCode(
  fetchFn: typeof fetch,
  config: OAuthClientConfig,
  code: string,
  verifier: string,
  now = Date.now(),
): Promise<TokenSet> {
  return tokenRequest(
    fetchFn,
    config,
    { grant_type: 'authorization_code', code, redirect_uri: config.redirectUri, code_verifier: verifier },
    null,
    now,
  );
}

/** A new access token; the refresh token is kept unless the server rotates it (Microsoft does). */
export async function refreshTokens(
  fetchFn: typeof fetch,
  config: OAuthClientConfig,
  refreshToken: string,
  now = Date.now(),
): Promise<TokenSet> {
  return tokenRequest(fetchFn, config, { grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken, now);
}

async function tokenRequest(
  fetchFn: typeof fetch,
  config: OAuthClientConfig,
  params: Record<string, string>,
  previousRefresh: string | null,
  now: number,
): Promise<TokenSet> {
  const body = new URLSearchParams({ client_id: config.clientId, ...params });
  if (config.clientSecret) body.set('client_secret', config.clientSecret);
  if (config.provider === 'microsoft') body.set('scope', config.scopes.join(' '));
  const res = await fetchFn(config.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = z.object({ error: z.string(), error_description: z.string().optional() }).safeParse(json);
    throw new OAuthError(
      err.success ? err.data.error : `http_${res.status}`,
      err.success ? (err.data.error_description ?? err.data.error) : `token endpoint answered ${res.status}`,
    );
  }
  const parsed = TokenResponse.safeParse(json);
  if (!parsed.success)
    throw new OAuthError('bad_token_response', `Unexpected token answer: ${parsed.error.issues[0]?.message}`);
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? previousRefresh,
    expiresAt: now + t.expires_in * 1000,
    scope: t.scope ?? null,
  };
}
