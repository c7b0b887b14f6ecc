import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Env } from '../env';
import { ApiError } from '../errors';
import { checkCsrf } from '../middleware/auth';
import { rateLimit } from '../middleware/rate-limit';
import { pageCsp } from '../middleware/security-headers';
import { newToken, pkceChallenge } from '../repositories/crypto';
import { requireActor } from '../services/access';
import { clearCookie, isHttps, readCookie, writeCookie } from '../services/cookies';
import { pairingPage, signedInPage, signInPage } from '../services/html';
import { authorizeUrl, discover, exchangeCode, providerConfigs, verifyIdToken } from '../services/oidc';
import { constantTimeEqual } from '@hypomos/shared/sharing/tokens';
import { validate } from '../validate';

const LOGIN_TTL_MS = 10 * 60 * 1000;
const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/** Only same-site paths, so sign-in cannot be turned into an open redirect. */
const ReturnTo = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s]*$/)
  .catch('/auth/done');

/** Redirect targets the browsers' extension identity APIs intercept (Chrome launchWebAuthFlow, Firefox). */
const ExtensionRedirect = z
  .string()
  .max(500)
  .regex(/^https:\/\/([a-p]{32}\.chromiumapp\.org|[0-9a-f]{40}\.extensions\.allizom\.org)\/[A-Za-z0-9_\-./]*$/);
const PairQuery = z.object({ redirect_uri: ExtensionRedirect, state: z.string().min(8).max(200) });
const PairForm = PairQuery.extend({ csrf: z.string().max(100) });

const callbackUrl = (origin: string, id: string) => `${origin}/auth/callback/${id}`;

/** The extension behind a redirect URI (its host's first label), if the deployment lets it pair. */
function pairingExtension(env: Env, redirectUri: string) {
  const host = new URL(redirectUri).hostname;
  const id = host.split('.')[0]!;
  const allowed = (env.EXTENSION_IDS ?? '').split(/\s+/).filter(Boolean);
  if (allowed.length ? !allowed.includes(id) : isHttps(env))
    throw new ApiError(400, 'unknown_extension', 'This extension may not connect to this portal.');
  return { id, browser: host.endsWith('.chromiumapp.org') ? ('Chrome' as const) : ('Firefox' as const) };
}

export const authRoutes = new Hono<AppEnv>()
  .get('/providers', (c) =>
    c.json({
      providers: providerConfigs(c.env.OIDC_PROVIDERS).map((p) => ({
        id: p.id,
        name: p.name,
        loginUrl: `/auth/login/${p.id}`,
      })),
    }),
  )
  .get('/signin', validate('query', z.object({ return_to: z.string().optional() })), (c) => {
    const returnTo = ReturnTo.parse(c.req.valid('query').return_to);
    const providers = providerConfigs(c.env.OIDC_PROVIDERS).map((p) => ({
      name: p.name,
      loginUrl: `/auth/login/${p.id}?return_to=${encodeURIComponent(returnTo)}`,
    }));
    return c.html(signInPage(providers));
  })
  .get(
    '/login/:provider',
    rateLimit('signin'),
    validate('query', z.object({ return_to: z.string().optional() })),
    async (c) => {
      const provider = providerConfigs(c.env.OIDC_PROVIDERS).find((p) => p.id === c.req.param('provider'));
      if (!provider) throw new ApiError(404, 'not_found', 'No such sign-in provider.');
      const deps = c.get('deps');
      const { discovery } = await discover(deps, provider.issuer);
      const state = newToken();
      const nonce = newToken();
      const verifier = newToken();
      const returnTo = ReturnTo.parse(c.req.valid('query').return_to);
      await c
        .get('repos')
        .accounts.saveLoginAttempt(
          state,
          { provider: provider.id, codeVerifier: verifier, nonce, returnTo, expiresAt: deps.now() + LOGIN_TTL_MS },
          deps.now(),
        );
      // Binds the sign-in to this browser: the callback must come back with the same state in a cookie.
      writeCookie(c, 'hyp_login', state, LOGIN_TTL_MS / 1000);
      const redirectUri = callbackUrl(c.env.PUBLIC_ORIGIN, provider.id);
      return c.redirect(
        authorizeUrl(discovery, provider, { redirectUri, state, nonce, challenge: await pkceChallenge(verifier) }),
        302,
      );
    },
  )
  .get(
    '/callback/:provider',
    rateLimit('signin'),
    validate('query', z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(100) })),
    async (c) => {
      const { code, state } = c.req.valid('query');
      const cookieState = readCookie(c, 'hyp_login');
      clearCookie(c, 'hyp_login');
      if (!cookieState || !constantTimeEqual(cookieState, state))
        throw new ApiError(400, 'state_mismatch', 'This sign-in was not started in this browser.');
      const deps = c.get('deps');
      const repos = c.get('repos');
      const attempt = await repos.accounts.takeLoginAttempt(state, deps.now());
      const provider = providerConfigs(c.env.OIDC_PROVIDERS).find((p) => p.id === c.req.param('provider'));
      if (!attempt || !provider || attempt.provider !== provider.id)
        throw new ApiError(400, 'state_mismatch', 'This sign-in expired; start again.');
      const secret = c.env[provider.secretName];
      if (typeof secret !== 'string')
        throw new ApiError(500, 'misconfigured', 'The sign-in provider has no client secret.');
      const { discovery, jwks } = await discover(deps, provider.issuer);
      const redirectUri = callbackUrl(c.env.PUBLIC_ORIGIN, provider.id);
      const idToken = await exchangeCode(deps, discovery, provider, secret, {
        code,
        redirectUri,
        verifier: attempt.codeVerifier,
      });
      const identity = await verifyIdToken(idToken, {
        jwks,
        issuer: discovery.issuer,
        clientId: provider.clientId,
        nonce: attempt.nonce,
        now: deps.now(),
      });
      // Signing in with a second provider while signed in links it to the same account (browser sessions only).
      const actor = c.get('actor');
      const linkTo = actor?.via === 'session' ? actor.userId : null;
      const user = await repos.accounts.upsertIdentity(provider.issuer, identity.subject, identity, linkTo, deps.now());
      // A new session replaces the browser's old one, so a session token seen before sign-in is worth nothing after.
      const previous = readCookie(c, 'hyp_session');
      if (previous) await repos.accounts.deleteSession(previous);
      const session = await repos.accounts.createSession(user.id, deps.now());
      writeCookie(c, 'hyp_session', session.token, SESSION_MAX_AGE_S);
      return c.redirect(attempt.returnTo, 302);
    },
  )
  .get('/done', (c) => {
    const actor = c.get('actor');
    return actor ? c.html(signedInPage(actor.displayName)) : c.redirect('/auth/signin', 302);
  })
  .post('/logout', async (c) => {
    requireActor(c);
    const token = readCookie(c, 'hyp_session');
    if (token) await c.get('repos').accounts.deleteSession(token);
    clearCookie(c, 'hyp_session');
    return c.body(null, 204);
  })
  .post('/logout-everywhere', async (c) => {
    const actor = requireActor(c);
    if (actor.via !== 'session') throw new ApiError(403, 'session_only', 'Sign out everywhere from the portal.');
    await c.get('repos').accounts.deleteSessionsOf(actor.userId);
    clearCookie(c, 'hyp_session');
    return c.body(null, 204);
  })
  .get('/pair', validate('query', PairQuery), (c) => {
    const actor = c.get('actor');
    const q = c.req.valid('query');
    if (actor?.via !== 'session') {
      const here = `/auth/pair?${new URLSearchParams(q).toString()}`;
      return c.redirect(`/auth/signin?return_to=${encodeURIComponent(here)}`, 302);
    }
    const extension = pairingExtension(c.env, q.redirect_uri);
    c.header('Content-Security-Policy', pageCsp(c.env, 'https://*.chromiumapp.org https://*.extensions.allizom.org'));
    return c.html(
      pairingPage({
        extension,
        displayName: actor.displayName,
        redirectUri: q.redirect_uri,
        state: q.state,
        csrf: actor.csrfToken ?? '',
      }),
    );
  })
  .post('/pair', validate('form', PairForm), async (c) => {
    const actor = c.get('actor');
    if (actor?.via !== 'session') throw new ApiError(401, 'unauthenticated', 'Sign in first.');
    const form = c.req.valid('form');
    pairingExtension(c.env, form.redirect_uri);
    checkCsrf(c.req.header('origin'), form.csrf, actor.csrfToken ?? '', [
      c.env.PUBLIC_ORIGIN,
      new URL(c.req.url).origin,
    ]);
    const code = await c.get('repos').accounts.createPairingCode(actor.userId, c.get('deps').now());
    const target = new URL(form.redirect_uri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', form.state);
    return c.redirect(target.toString(), 303);
  });
