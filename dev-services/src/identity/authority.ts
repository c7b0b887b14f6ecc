import { createHash, randomBytes } from 'node:crypto';

/**
 * An OAuth 2.0 authorization server (Authorization Code + PKCE S256, refresh_token grant) as the
 * Microsoft identity platform and Google answer it. Access tokens are short-lived on purpose so a
 * client's 401 → refresh → retry path is testable. The clock is injected.
 */
export type Flavor = 'microsoft' | 'google';

export interface AuthorityOptions {
  flavor: Flavor;
  /** Access token lifetime; Microsoft and Google default to about an hour. */
  accessTtlSec?: number;
  /** Accepted client ids; any id is accepted when omitted. */
  clientIds?: string[];
  now?: () => number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  expiresAt: number;
}

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'expired';

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

const oauthError = (error: string, description: string, status = 400): OAuthAnswer => ({
  status,
  body: { error, error_description: description },
});

export class Authority {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, { clientId: string; scope: string }>();
  private readonly accessTokens = new Map<string, number>();
  readonly now: () => number;
  accessTtlSec: number;
  /** Every token request, for assertions (grant type and client id only). */
  readonly tokenRequests: { grantType: string; clientId: string }[] = [];
  /** The redirect_uri of every authorize request, for assertions (each browser has its own redirect address). */
  readonly authorizeRedirectUris: string[] = [];

  readonly flavor: Flavor;

  constructor(private readonly opts: AuthorityOptions) {
    this.flavor = opts.flavor;
    this.now = opts.now ?? Date.now;
    this.accessTtlSec = opts.accessTtlSec ?? 3600;
  }

  /** Validates an authorize request; on success the caller redirects to `redirect`. Consent is automatic. */
  authorize(params: URLSearchParams): { redirect: string } | OAuthAnswer {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    this.authorizeRedirectUris.push(redirectUri);
    if (!this.clientAllowed(clientId)) return oauthError('unauthorized_client', `unknown client_id '${clientId}'`);
    if (!/^https?:\/\//.test(redirectUri))
      return oauthError('invalid_request', 'redirect_uri must be an absolute http(s) URL');
    const target = new URL(redirectUri);
    const fail = (error: string, description: string) => {
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (params.has('state')) target.searchParams.set('state', params.get('state') ?? '');
      return { redirect: target.toString() };
    };
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail(
        'invalid_request',
        'PKCE is required: code_challenge (43 base64url chars) with code_challenge_method=S256',
      );
    }
    const scope = params.get('scope') ?? '';
    if (!scope) return fail('invalid_scope', 'scope is required');
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { clientId, redirectUri, challenge, scope, expiresAt: this.now() + 10 * 60_000 });
    target.searchParams.set('code', code);
    if (params.has('state')) target.searchParams.set('state', params.get('state') ?? '');
    return { redirect: target.toString() };
  }

  /** The token endpoint: authorization_code (with code_verifier) and refresh_token grants. */
  token(form: URLSearchParams): OAuthAnswer {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    this.tokenRequests.push({ grantType, clientId });
    if (!this.clientAllowed(clientId)) return oauthError('invalid_client', `unknown client_id '${clientId}'`, 401);
    if (grantType === 'authorization_code') return this.exchangeCode(form, clientId);
    if (grantType === 'refresh_token') return this.refresh(form, clientId);
    return oauthError('unsupported_grant_type', `grant_type '${grantType}' is not supported`);
  }

  /** Checks an `Authorization` header value. */
  check(header: string | undefined): TokenCheck {
    if (!header) return 'missing';
    const m = /^Bearer ([\w.~+/=-]+)$/.exec(header);
    if (!m) return 'invalid';
    const expiresAt = this.accessTokens.get(m[1] as string);
    if (expiresAt === undefined) return 'invalid';
    return expiresAt > this.now() ? 'ok' : 'expired';
  }

  /** An access token without the browser dance, for tests and the demo. */
  issueAccessToken(ttlSec = this.accessTtlSec): string {
    const token = randomBytes(24).toString('base64url');
    this.accessTokens.set(token, this.now() + ttlSec * 1000);
    return token;
  }

  /** Makes every access token issued so far expired, so the next API call answers 401. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  private exchangeCode(form: URLSearchParams, clientId: string): OAuthAnswer {
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresAt <= this.now())
      return oauthError('invalid_grant', 'the authorization code is invalid or expired');
    if (grant.clientId !== clientId) return oauthError('invalid_grant', 'the code was issued to another client');
    if (grant.redirectUri !== form.get('redirect_uri'))
      return oauthError('invalid_grant', 'redirect_uri does not match the authorize request');
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
      return oauthError('invalid_request', 'code_verifier must be 43-128 unreserved characters');
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      return oauthError('invalid_grant', 'PKCE verification failed: code_verifier does not match code_challenge');
    }
    return this.issue(clientId, grant.scope, true);
  }

  private refresh(form: URLSearchParams, clientId: string): OAuthAnswer {
    const token = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== clientId)
      return oauthError('invalid_grant', 'the refresh token is invalid or revoked');
    // Microsoft rotates refresh tokens on every use; Google keeps the original one.
    if (this.opts.flavor === 'microsoft') this.refreshTokens.delete(token);
    return this.issue(clientId, grant.scope, this.opts.flavor === 'microsoft');
  }

  private issue(clientId: string, scope: string, withRefresh: boolean): OAuthAnswer {
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope,
      expires_in: this.accessTtlSec,
      access_token: this.issueAccessToken(),
    };
    if (this.opts.flavor === 'microsoft') body.ext_expires_in = this.accessTtlSec;
    if (withRefresh) {
      const refreshToken = randomBytes(32).toString('base64url');
      this.refreshTokens.set(refreshToken, { clientId, scope });
      body.refresh_token = refreshToken;
    }
    return { status: 200, body };
  }

  private clientAllowed(clientId: string): boolean {
    return clientId !== '' && (!this.opts.clientIds || this.opts.clientIds.includes(clientId));
  }
}
