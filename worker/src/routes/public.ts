import { PageQuery } from '@hypomos/shared/api/common';
import { DeadLinkBody, StatEventsBody, UNLOCK_HEADER, UnlockBody } from '@hypomos/shared/api/public';
import { decodeCursor, encodeCursor, UNLOCK_TTL_MS } from '@hypomos/shared/sharing/visibility';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toPublicEvent, toPublicItem, toPublicShare } from '../mappers';
import { rateLimit, tokenGuard } from '../middleware/rate-limit';
import { verifyPasscode } from '../repositories/crypto';
import { eventByToken, shareByToken, unlockedShare } from '../services/access';
import { readCookie, writeCookie } from '../services/cookies';
import { qrPng, qrSvg } from '../services/qr';
import { validate } from '../validate';

type C = Context<AppEnv>;
const unlockOf = (c: C) => c.req.header(UNLOCK_HEADER) ?? readCookie(c, 'hyp_unlock');

function cursorOf(raw: string | undefined) {
  const after = decodeCursor(raw);
  if (raw && !after) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid.');
  return after;
}

/**
 * What anonymous viewers may call, holding only a share or event token. Every call re-checks the token's
 * status (404 unknown, 410 revoked/expired), the passcode grant, and for events that an item is approved.
 */
export const publicRoutes = new Hono<AppEnv>()
  .use(rateLimit('viewer'), tokenGuard)
  .get('/shares/:token', async (c) => {
    const share = await shareByToken(c, c.req.param('token'));
    const repos = c.get('repos');
    const unlock = unlockOf(c);
    const unlocked =
      !share.passcodeHash || (!!unlock && (await repos.shares.isUnlocked(share.id, unlock, c.get('deps').now())));
    return c.json(toPublicShare(share, (await repos.collections.get(share.collectionId))!, unlocked));
  })
  .post('/shares/:token/unlock', validate('json', UnlockBody), async (c) => {
    const share = await shareByToken(c, c.req.param('token'));
    if (!share.passcodeHash) throw new ApiError(400, 'no_passcode', 'This share has no passcode.');
    if (!(await verifyPasscode(c.req.valid('json').passcode, share.passcodeHash)))
      throw new ApiError(401, 'wrong_passcode', 'The passcode is wrong.');
    const now = c.get('deps').now();
    const expiresAt = Math.min(now + UNLOCK_TTL_MS, share.expiresAt ?? Number.POSITIVE_INFINITY);
    const unlockToken = await c.get('repos').shares.grantUnlock(share.id, expiresAt);
    writeCookie(c, 'hyp_unlock', unlockToken, Math.max(1, Math.floor((expiresAt - now) / 1000)));
    return c.json({ unlockToken, expiresAt: new Date(expiresAt).toISOString() });
  })
  .get('/shares/:token/items', validate('query', PageQuery), async (c) => {
    const share = await unlockedShare(c, c.req.param('token'), unlockOf(c));
    const q = c.req.valid('query');
    const limit = q.limit ?? 200;
    const rows = await c.get('repos').collections.page(share.collectionId, cursorOf(q.cursor), limit);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return c.json({
      items: rows.map((r) => toPublicItem(r)),
      nextCursor: last ? encodeCursor(last.sortKey, last.id) : null,
    });
  })
  .post('/shares/:token/stats', validate('json', StatEventsBody), async (c) => {
    const share = await unlockedShare(c, c.req.param('token'), unlockOf(c));
    const repos = c.get('repos');
    const events = c.req.valid('json').events;
    const valid = await repos.collections.itemIdsIn(share.collectionId, [...new Set(events.map((e) => e.itemId))]);
    const accepted = events.filter((e) => valid.has(e.itemId));
    if (accepted.length) await repos.stats.record(share.id, accepted);
    return c.json({ recorded: accepted.length, ignored: events.length - accepted.length });
  })
  .post('/shares/:token/reports', validate('json', DeadLinkBody), async (c) => {
    const share = await unlockedShare(c, c.req.param('token'), unlockOf(c));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const item = await repos.collections.itemInCollection(share.collectionId, body.itemId);
    if (!item) throw new ApiError(404, 'not_found', 'No such item.');
    await repos.stats.report(item.id, item.ownerId, body.reason, c.get('deps').now());
    return c.body(null, 204);
  })
  .get('/events/:token', async (c) => {
    const event = await eventByToken(c, c.req.param('token'));
    return c.json(toPublicEvent(event, await c.get('repos').events.approvedCount(event.id), c.get('deps').now()));
  })
  .get('/events/:token/items', validate('query', PageQuery), async (c) => {
    const event = await eventByToken(c, c.req.param('token'));
    const q = c.req.valid('query');
    const limit = q.limit ?? 200;
    const rows = await c.get('repos').events.page(event.id, 'approved', cursorOf(q.cursor), limit);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return c.json({
      items: rows.map((r) => toPublicItem(r, r.contributorName)),
      nextCursor: last ? encodeCursor(last.sortKey, last.id) : null,
    });
  })
  .post('/events/:token/stats', validate('json', StatEventsBody), async (c) => {
    const event = await eventByToken(c, c.req.param('token'));
    const repos = c.get('repos');
    const events = c.req.valid('json').events;
    const approved = new Set(
      (await repos.events.approvalsFor(event.id, [...new Set(events.map((e) => e.itemId))]))
        .filter((a) => a.state === 'approved')
        .map((a) => a.itemId),
    );
    const accepted = events.filter((e) => approved.has(e.itemId));
    if (accepted.length) await repos.stats.record(event.id, accepted);
    return c.json({ recorded: accepted.length, ignored: events.length - accepted.length });
  })
  .post('/events/:token/reports', validate('json', DeadLinkBody), async (c) => {
    const event = await eventByToken(c, c.req.param('token'));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const item = await repos.events.approvedItem(event.id, body.itemId);
    if (!item) throw new ApiError(404, 'not_found', 'No such item.');
    await repos.stats.report(item.id, item.ownerId, body.reason, c.get('deps').now());
    return c.body(null, 204);
  })
  .get('/events/:token/qr.svg', async (c) => {
    const token = c.req.param('token');
    await eventByToken(c, token);
    return c.body(qrSvg(`${c.env.PUBLIC_ORIGIN}/e/${token}`), 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'private, max-age=300',
    });
  })
  .get('/events/:token/qr.png', async (c) => {
    const token = c.req.param('token');
    await eventByToken(c, token);
    const png = await qrPng(`${c.env.PUBLIC_ORIGIN}/e/${token}`);
    return c.body(png.buffer as ArrayBuffer, 200, {
      'content-type': 'image/png',
      'cache-control': 'private, max-age=300',
    });
  });
