import { CSRF_HEADER } from '@hypomos/shared/api/account';
import { constantTimeEqual } from '@hypomos/shared/sharing/tokens';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { readCookie } from '../../services/cookies';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Plain HTML form posts carry their CSRF token in the form body; these routes check it themselves. */
const FORM_CSRF_PATHS = new Set(['/auth/pair']);
/**
 * Routes whose credential is in the request itself (a share/event token, a pairing code): they never act for a
 * signed-in account, so a session cookie that happens to ride along is ignored rather than CSRF-checked.
 */
const ANONYMOUS = /^\/api\/(public\/|relay\/|tokens\/exchange$)/;
/** Routes anyone may call; every other /api route and the signed-in /auth writes need an actor. */
const OPEN = /^\/api\/(health$|public\/|relay\/|tokens\/exchange$)/;
const SIGNED_IN_AUTH = new Set(['/auth/logout', '/auth/logout-everywhere', '/auth/pair']);

/**
 * Resolves who is calling: an API token (`Authorization: Bearer`, the extension) or a session cookie (the portal).
 * Cookie-authenticated writes must come from our origin and carry the session's CSRF token; bearer calls cannot be
 * forged cross-site, so they skip it.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  if (ANONYMOUS.test(c.req.path)) return next();
  const repos = c.get('repos');
  const now = c.get('deps').now();
  const bearer = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (c.req.header('authorization') && !bearer) throw new ApiError(401, 'invalid_token', 'The API token is malformed.');
  if (bearer) {
    const token = await repos.accounts.apiToken(bearer, now);
    if (!token) throw new ApiError(401, 'invalid_token', 'The API token is unknown or revoked.');
    const user = await repos.accounts.user(token.userId);
    if (!user) throw new ApiError(401, 'invalid_token', 'The API token is unknown or revoked.');
    c.set('actor', {
      userId: user.id,
      displayName: user.displayName,
      email: user.email,
      via: 'token',
      csrfToken: null,
    });
    return next();
  }
  const sessionToken = readCookie(c, 'hyp_session');
  const session = sessionToken ? await repos.accounts.session(sessionToken, now) : undefined;
  const user = session ? await repos.accounts.user(session.userId) : undefined;
  if (session && user) {
    if (!SAFE.has(c.req.method) && !FORM_CSRF_PATHS.has(c.req.path))
      checkCsrf(c.req.header('origin'), c.req.header(CSRF_HEADER), session.csrfToken, [
        c.env.PUBLIC_ORIGIN,
        new URL(c.req.url).origin,
      ]);
    c.set('actor', {
      userId: user.id,
      displayName: user.displayName,
      email: user.email,
      via: 'session',
      csrfToken: session.csrfToken,
    });
  }
  return next();
});

/**
 * Refuses an anonymous call to a route that needs an actor before any validator reads its body, so a stranger
 * gets 401 and never a 400 that describes the schema.
 */
export const requireSignedIn = createMiddleware<AppEnv>(async (c, next) => {
  const path = c.req.path;
  const needsActor = path.startsWith('/api/') ? !OPEN.test(path) : c.req.method === 'POST' && SIGNED_IN_AUTH.has(path);
  if (needsActor && !c.get('actor')) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return next();
});

export function checkCsrf(
  origin: string | undefined,
  header: string | undefined,
  expected: string,
  allowedOrigins: string[],
) {
  if (!origin || !allowedOrigins.includes(origin)) throw new ApiError(403, 'csrf', 'Cross-site request refused.');
  if (!header || !constantTimeEqual(header, expected)) throw new ApiError(403, 'csrf', 'Missing or wrong CSRF token.');
}
