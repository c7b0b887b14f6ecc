import { createRemoteJWKSet, customFetch, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { plainText } from '@hypomos/shared/api/plain-text';
import type { Deps } from '../deps';
import { ApiError } from '../errors';

// OpenID Connect Authorization Code + PKCE. Providers come from the OIDC_PROVIDERS var; each client secret is a
// wrangler secret whose name the config gives, so no credential sits in wrangler.toml.

export const ProviderConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  name: z.string().min(1).max(60),
  issuer: z.url(),
  clientId: z.string().min(1),
  secretName: z.string().regex(/^[A-Z0-9_]{1,64}$/),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export function providerConfigs(raw: string): ProviderConfig[] {
  const parsed = z.array(ProviderConfig).safeParse(JSON.parse(raw || '[]'));
  if (!parsed.success) throw new ApiError(500, 'misconfigured', 'OIDC_PROVIDERS is not valid.');
  return parsed.data;
}

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
export type Discovery = z.infer<typeof Discovery>;

interface Cached {
  discovery: Discovery;
  jwks: JWTVerifyGetKey;
  until: number;
}
const cache = new WeakMap<Deps, Map<string, Cached>>();
const DISCOVERY_TTL_MS = 3600_000;

/** Discovery document and JWKS for an issuer, cached per isolate for an hour. */
export async function discover(deps: Deps, issuer: string): Promise<Cached> {
  const byIssuer = cache.get(deps) ?? new Map<string, Cached>();
  cache.set(deps, byIssuer);
  const hit = byIssuer.get(issuer);
  if (hit && hit.until > deps.now()) return hit;
  const res = await deps.fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new ApiError(502, 'provider_unavailable', 'The sign-in provider did not answer.');
  const discovery = Discovery.parse(await res.json());
  if (discovery.issuer !== issuer)
    throw new ApiError(502, 'provider_mismatch', 'The sign-in provider answered for another issuer.');
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { [customFetch]: deps.fetch });
  const entry = { discovery, jwks, until: deps.now() + DISCOVERY_TTL_MS };
  byIssuer.set(issuer, entry);
  return entry;
}

export function authorizeUrl(
  d: Discovery,
  p: ProviderConfig,
  v: { redirectUri: string; state: string; nonce: string; challenge: string },
) {
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: v.redirectUri,
    scope: 'openid email profile',
    state: v.state,
    nonce: v.nonce,
    code_challenge: v.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

const TokenResponse = z.object({ id_token: z.string().min(10), token_type: z.string() });

/** Trades the authorization code (with the PKCE verifier) for tokens; only the ID token is used, then dropped. */
export async function exchangeCode(
  deps: Deps,
  d: Discovery,
  p: ProviderConfig,
  secret: string,
  v: { code: string; redirectUri: string; verifier: string },
) {
  const res = await deps.fetch(d.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${btoa(`${encodeURIComponent(p.clientId)}:${encodeURIComponent(secret)}`)}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: v.code,
      redirect_uri: v.redirectUri,
      code_verifier: v.verifier,
    }),
  });
  if (!res.ok) throw new ApiError(401, 'signin_failed', 'The sign-in provider refused the code.');
  const parsed = TokenResponse.safeParse(await res.json());
  if (!parsed.success) throw new ApiError(502, 'signin_failed', 'The sign-in provider answered without an ID token.');
  return parsed.data.id_token;
}

export interface VerifiedIdentity {
  subject: string;
  displayName: string;
  email: string | null;
}

/** Verifies signature (JWKS), issuer, audience, expiry and nonce of an ID token. */
export async function verifyIdToken(
  idToken: string,
  v: { jwks: JWTVerifyGetKey; issuer: string; clientId: string; nonce: string; now: number },
): Promise<VerifiedIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, v.jwks, {
      issuer: v.issuer,
      audience: v.clientId,
      currentDate: new Date(v.now),
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
    }));
  } catch {
    throw new ApiError(401, 'invalid_id_token', 'The ID token could not be verified.');
  }
  if (payload.nonce !== v.nonce) throw new ApiError(401, 'invalid_id_token', 'The ID token nonce does not match.');
  const claimed = typeof payload.email === 'string' ? payload.email : null;
  const email = claimed && emailVerified(v.issuer, payload) ? claimed : null;
  return { subject: String(payload.sub), displayName: displayNameOf(payload.name, claimed), email };
}

/**
 * Whether the provider vouches for the email. Standard OIDC (Google): `email_verified` must be exactly true.
 * Microsoft's ID tokens carry no email_verified and their email claim is not verified; Microsoft documents the
 * optional `xms_edov` claim ("email domain owner verified") for that
 * (https://learn.microsoft.com/en-us/entra/identity-platform/optional-claims-reference).
 */
function emailVerified(issuer: string, payload: JWTPayload): boolean {
  if (payload.email_verified === true) return true;
  return /^https:\/\/login\.microsoftonline\.com\//.test(issuer) && payload.xms_edov === true;
}

/** Anonymous event viewers see contributor names, so a name is never an email: the part before @, or "Guest". */
function displayNameOf(name: unknown, email: string | null): string {
  const trimmed = typeof name === 'string' ? plainText(name) : '';
  const local = (s: string) => s.split('@')[0]!.trim();
  const chosen = trimmed ? (trimmed.includes('@') ? local(trimmed) : trimmed) : email ? local(email) : '';
  return chosen.slice(0, 100) || 'Guest';
}
