import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError, onError } from '../errors';
import { rateLimit, tokenGuard } from '../middleware/rate-limit';
import { eventByToken, shareByToken } from '../services/access';
import { errorPage, injectShell } from '../services/html';

type C = Context<AppEnv>;

/** The portal's index.html from the static assets, with Open Graph tags; the React viewer takes it from there. */
async function shell(c: C, title: string) {
  const res = await c.env.ASSETS.fetch(new Request(new URL('/index.html', c.req.url)));
  if (!res.ok) throw new ApiError(500, 'internal', 'The portal is not built.');
  const html = injectShell(await res.text(), { title, url: `${c.env.PUBLIC_ORIGIN}${c.req.path}` });
  return c.html(html, 200, { 'cache-control': 'no-store' });
}

const PAGE_ERRORS = new Set([404, 410, 429]);

/**
 * Share and event pages at /s/<token> and /e/<token>; passcode-protected shares get a generic title.
 * Token errors become plain pages for people (404 unknown, 410 gone, 429 slow down), never JSON or internals.
 */
export const pageRoutes = new Hono<AppEnv>()
  .use('/s/*', rateLimit('viewer'), tokenGuard)
  .use('/e/*', rateLimit('viewer'), tokenGuard)
  .get('/s/:token', async (c) => {
    const share = await shareByToken(c, c.req.param('token'));
    const collection = await c.get('repos').collections.get(share.collectionId);
    return shell(c, share.passcodeHash ? 'Shared photos' : (share.title ?? collection?.title ?? 'Shared photos'));
  })
  .get('/e/:token', async (c) => shell(c, (await eventByToken(c, c.req.param('token'))).title))
  .onError((err, c) => {
    if (err instanceof ApiError && PAGE_ERRORS.has(err.status)) {
      return c.html(errorPage(err.status as 404 | 410 | 429, err.code), err.status as 404 | 410 | 429, {
        'cache-control': 'no-store',
      });
    }
    return onError(err, c);
  });
