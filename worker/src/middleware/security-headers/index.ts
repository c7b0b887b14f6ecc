import { mediaCspSources } from '@hypomos/shared/sharing/media-hosts';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Env } from '../../env';
import { isHttps } from '../../services/cookies';

/**
 * Media hosts the viewer may load from: every host of every provider's redirect chains (shared/src/sharing/media-hosts),
 * any extra the deployment lists in MEDIA_HOSTS, plus the local servers in plain-http dev.
 */
export function mediaSources(env: Env): string {
  const hosts = [...mediaCspSources(), env.MEDIA_HOSTS, isHttps(env) ? '' : (env.DEV_MEDIA_HOSTS ?? '')]
    .join(' ')
    .split(/\s+/);
  return [...new Set(hosts.filter((h) => /^https?:\/\/[A-Za-z0-9*.-]+(:(\d+|\*))?$/.test(h)))].join(' ');
}

/**
 * CSP for portal pages: scripts only from us; images and video only from us and the media hosts; connect-src adds the
 * media hosts so the viewer can fetch originals for its client-side ZIP. `extraFormActions` lets the pairing page
 * redirect to the extension's identity URL.
 */
export function pageCsp(env: Env, extraFormActions = ''): string {
  const media = mediaSources(env);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${media}`,
    `media-src 'self' blob: ${media}`,
    `connect-src 'self' ${media}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${extraFormActions}`.trim(),
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response; HTML gets the page CSP unless the route set its own, other answers a deny-all CSP. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const h = c.res.headers;
  const mutable = new Headers(h);
  mutable.set('X-Content-Type-Options', 'nosniff');
  // Share tokens live in page URLs: no Referer may reach the media hosts. `same-origin` rather than `no-referrer`,
  // because under no-referrer browsers send `Origin: null` on form posts, which the CSRF check must refuse.
  mutable.set('Referrer-Policy', 'same-origin');
  // A route that names its own frame ancestors (the extension's CORS test page) must not be denied by the older header.
  if (!/frame-ancestors (?!'none')/.test(h.get('Content-Security-Policy') ?? ''))
    mutable.set('X-Frame-Options', 'DENY');
  // A 304 carries no CSP: browsers merge its headers into the cached answer, whose own CSP must stay.
  if (!mutable.has('Content-Security-Policy') && c.res.status !== 304) {
    const html = (h.get('content-type') ?? '').includes('text/html');
    mutable.set('Content-Security-Policy', html ? pageCsp(c.env) : "default-src 'none'; frame-ancestors 'none'");
  }
  c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers: mutable });
});
