import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError, onError } from '../errors';
import { countFailedLookups, viewerFloodLimit } from '../middleware/rate-limit';
import { errorPage, injectShell } from '../services/html';
import { readEvent, readSession, readShare } from '../services/public-read';

type C = Context<AppEnv>;

/** The portal's index.html from the static assets, with Open Graph tags; the React viewer takes it from there. */
async function shell(c: C, title: string) {
  const res = await c.env.ASSETS.fetch(new Request(new URL('/index.html', c.req.url)));
  if (!res.ok) throw new ApiError(500, 'internal', 'The portal is not built.');
  return injectShell(await res.text(), { title, url: `${c.env.PUBLIC_ORIGIN}${c.req.path}` });
}

const PAGE_ERRORS = new Set([404, 410, 429]);
const HTML = 'text/html; charset=UTF-8';

/**
 * Share and event pages at /s/<token> and /e/<token>; passcode-protected shares get a generic title and are never
 * stored. Each is one D1 batch (services/public-read.ts) and the rendered shell is edge-cached under the version.
 * Token errors become plain pages for people (404 unknown, 410 gone, 429 slow down), never JSON or internals.
 */
export const pageRoutes = new Hono<AppEnv>()
  // Share and event pages are for the people holding the link, never for search engines.
  .get('/robots.txt', (c) => c.text('User-agent: *\nDisallow: /\n', 200, { 'cache-control': 'public, max-age=86400' }))
  .use('/s/*', viewerFloodLimit, readSession, countFailedLookups)
  .use('/e/*', viewerFloodLimit, readSession, countFailedLookups)
  .get('/s/:token', (c) =>
    readShare(c, {
      kind: 'share-page',
      needsUnlock: false,
      edgeCache: true,
      contentType: HTML,
      render: (s) => shell(c, s.passcodeHash ? 'Shared photos' : (s.title ?? s.collectionTitle)),
    }),
  )
  .get('/e/:token', (c) =>
    readEvent(c, { kind: 'event-page', edgeCache: true, contentType: HTML, render: (e) => shell(c, e.title) }),
  )
  .get('/e/:token/wall', (c) =>
    readEvent(c, {
      kind: 'event-wall-page',
      edgeCache: true,
      contentType: HTML,
      render: (e) => shell(c, `${e.title}: live wall`),
    }),
  )
  .onError((err, c) => {
    if (err instanceof ApiError && PAGE_ERRORS.has(err.status)) {
      return c.html(errorPage(err.status as 404 | 410 | 429, err.code), err.status as 404 | 410 | 429, {
        'cache-control': 'no-store',
      });
    }
    return onError(err, c);
  });
