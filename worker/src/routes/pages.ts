import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { rateLimit } from '../middleware/rate-limit';
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

/** Token errors become plain pages for people (404 unknown, 410 gone, 429 slow down), never JSON or internals. */
async function asPage(c: C, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError && [404, 410, 429].includes(err.status)) {
      const reason = err.code === 'not_found' ? 'not_found' : err.code;
      return c.html(errorPage(err.status as 404 | 410 | 429, reason), err.status as 404 | 410 | 429, { 'cache-control': 'no-store' });
    }
    throw err;
  }
}

/** Share and event pages at /s/<token> and /e/<token>; passcode-protected shares get a generic title. */
export const pageRoutes = new Hono<AppEnv>()
  .get('/s/:token', (c) =>
    asPage(c, async () => {
      await rateLimit('token')(c, async () => {});
      const share = await shareByToken(c, c.req.param('token'));
      const collection = await c.get('repos').collections.get(share.collectionId);
      const title = share.passcodeHash ? 'Shared photos' : (share.title ?? collection?.title ?? 'Shared photos');
      return shell(c, title);
    }),
  )
  .get('/e/:token', (c) =>
    asPage(c, async () => {
      await rateLimit('token')(c, async () => {});
      const event = await eventByToken(c, c.req.param('token'));
      return shell(c, event.title);
    }),
  );
