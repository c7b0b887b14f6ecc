import { PageQuery } from '@hypomos/shared/api/common';
import {
  DeadLinkBody,
  type PublicItemPage,
  type PublicWall,
  StatEventsBody,
  UnlockBody,
} from '@hypomos/shared/api/public';
import { WALL_WINDOW } from '@hypomos/shared/sharing/wall';
import { acceptsContributions, decodeCursor, encodeCursor, UNLOCK_TTL_MS } from '@hypomos/shared/sharing/visibility';
import { Hono, type TypedResponse } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toPublicEvent, toPublicItem, toPublicShareState } from '../mappers';
import { countFailedLookups, tokenGuard, viewerFloodLimit, viewerKey } from '../middleware/rate-limit';
import { verifyPasscode } from '../repositories/crypto';
import { eventByToken, shareByToken } from '../services/access';
import { writeCookie } from '../services/cookies';
import { afterResponse } from '../services/edge-cache';
import { admittedEvent, admittedShare, readEvent, readSession, readShare } from '../services/public-read';
import { qrPng, qrSvg } from '../services/qr';
import { validate } from '../validate';

function pageOf(q: { cursor?: string; limit?: number }) {
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid.');
  const limit = q.limit ?? 200;
  return { page: { after, limit }, variant: `${limit}:${q.cursor ?? ''}` };
}

function pageBody<R extends { sortKey: number; id: string }>(
  rows: R[],
  limit: number,
  toItem: (r: R) => PublicItemPage['items'][number],
) {
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  const page: PublicItemPage = {
    items: rows.map(toItem),
    nextCursor: last ? encodeCursor(last.sortKey, last.id) : null,
  };
  return JSON.stringify(page);
}

/** The read answers are built as text (cacheable); this keeps the typed client's view of their JSON. */
const typed = <T>(r: Promise<Response>) => r as unknown as Promise<TypedResponse<T, 200, 'json'>>;

/**
 * What anonymous viewers may call, holding only a share or event token. Every call re-checks the token's
 * status (404 unknown, 410 revoked/expired), the passcode grant, and for events that an item is approved.
 * A read is one D1 batch (guessing limit, token, state, grant, page) in a read-replica session; public answers
 * are edge-cached under the collection or event version (services/edge-cache.ts). Stats and dead-link reports
 * are written after the response.
 */
export const publicRoutes = new Hono<AppEnv>()
  .use(viewerFloodLimit, readSession)
  .get('/shares/:token', countFailedLookups, (c) =>
    typed<ReturnType<typeof toPublicShareState>>(
      readShare(c, {
        kind: 'share',
        needsUnlock: false,
        render: (s) => JSON.stringify(toPublicShareState(s)),
      }),
    ),
  )
  .post('/shares/:token/unlock', tokenGuard, validate('json', UnlockBody), async (c) => {
    const share = await shareByToken(c, c.req.param('token'));
    if (!share.passcodeHash) throw new ApiError(400, 'no_passcode', 'This share has no passcode.');
    const now = c.get('deps').now();
    const shares = c.get('repos').shares;
    const locked = await shares.reserveUnlock(share.id, now);
    if (locked) {
      const wait = Math.max(1, Math.ceil((locked.lockedUntil - now) / 1000));
      c.header('Retry-After', String(wait));
      throw new ApiError(
        429,
        'share_locked',
        `Too many wrong passcodes for this share; try again in ${wait < 120 ? `${wait} s` : `${Math.ceil(wait / 60)} min`}.`,
      );
    }
    if (!(await verifyPasscode(c.req.valid('json').passcode, share.passcodeHash)))
      throw new ApiError(401, 'wrong_passcode', 'The passcode is wrong.');
    await shares.refundUnlock(share.id);
    const expiresAt = Math.min(now + UNLOCK_TTL_MS, share.expiresAt ?? Number.POSITIVE_INFINITY);
    const unlockToken = await shares.grantUnlock(share.id, expiresAt);
    writeCookie(c, 'hyp_unlock', unlockToken, Math.max(1, Math.floor((expiresAt - now) / 1000)));
    return c.json({ unlockToken, expiresAt: new Date(expiresAt).toISOString() });
  })
  .get('/shares/:token/items', countFailedLookups, validate('query', PageQuery), (c) => {
    const { page, variant } = pageOf(c.req.valid('query'));
    return typed<PublicItemPage>(
      readShare(c, {
        kind: 'share-items',
        variant,
        page,
        needsUnlock: true,
        edgeCache: true,
        render: (share, rows) => pageBody(rows ?? [], page.limit, (r) => toPublicItem(r, null, share.relayEnabled)),
      }),
    );
  })
  .post('/shares/:token/stats', countFailedLookups, validate('json', StatEventsBody), async (c) => {
    const share = await admittedShare(c);
    const events = c.req.valid('json').events;
    // Only items of the shared collection are counted; the check is part of the write, after the response.
    await afterResponse(
      c,
      c
        .get('repos')
        .stats.record(
          { scopeId: share.id, collectionId: share.collectionId },
          events,
          await viewerKey(c, share.id),
          share.allowDownload,
        ),
    );
    return c.json({ queued: events.length }, 202);
  })
  .post('/shares/:token/reports', countFailedLookups, validate('json', DeadLinkBody), async (c) => {
    const share = await admittedShare(c);
    const body = c.req.valid('json');
    const now = c.get('deps').now();
    await afterResponse(
      c,
      c
        .get('repos')
        .stats.report(
          { collectionId: share.collectionId },
          body.itemId,
          body.reason,
          now,
          await viewerKey(c, share.id),
        ),
    );
    return c.json({ queued: 1 }, 202);
  })
  .get('/events/:token', countFailedLookups, (c) => {
    const now = c.get('deps').now();
    return typed<ReturnType<typeof toPublicEvent>>(
      readEvent(c, {
        kind: 'event',
        withCount: true,
        // Whether contributions are still open changes with the clock, not the version.
        version: (e) => e.version * 2 + (acceptsContributions(e, now) ? 1 : 0),
        render: (e) => JSON.stringify(toPublicEvent(e, e.approvedCount ?? 0, now)),
      }),
    );
  })
  .get('/events/:token/items', countFailedLookups, validate('query', PageQuery), (c) => {
    const { page, variant } = pageOf(c.req.valid('query'));
    return typed<PublicItemPage>(
      readEvent(c, {
        kind: 'event-items',
        variant,
        page,
        edgeCache: true,
        render: (_, rows) => pageBody(rows ?? [], page.limit, (r) => toPublicItem(r, r.contributorName)),
      }),
    );
  })
  // The live wall polls this every few seconds: with the ETag it sent, an unchanged event answers 304 from one
  // state row, and the item rows are read only when a decision, contribution or wall mode changed the version.
  .get('/events/:token/wall', countFailedLookups, (c) =>
    typed<PublicWall>(
      readEvent(c, {
        kind: 'event-wall',
        wall: true,
        page: { after: null, limit: WALL_WINDOW },
        render: (e, rows) =>
          JSON.stringify({
            title: e.title,
            mode: e.wallMode,
            items: (rows ?? []).map((r) => toPublicItem(r, r.contributorName)),
          } satisfies PublicWall),
      }),
    ),
  )
  .post('/events/:token/stats', countFailedLookups, validate('json', StatEventsBody), async (c) => {
    const event = await admittedEvent(c);
    const events = c.req.valid('json').events;
    // Only approved items of the event are counted; the check is part of the write, after the response.
    // Event viewers are offered no download, so none is counted.
    const viewer = await viewerKey(c, event.id);
    await afterResponse(
      c,
      c.get('repos').stats.record({ scopeId: event.id, eventId: event.id }, events, viewer, false),
    );
    return c.json({ queued: events.length }, 202);
  })
  .post('/events/:token/reports', countFailedLookups, validate('json', DeadLinkBody), async (c) => {
    const event = await admittedEvent(c);
    const body = c.req.valid('json');
    const now = c.get('deps').now();
    const viewer = await viewerKey(c, event.id);
    await afterResponse(c, c.get('repos').stats.report({ eventId: event.id }, body.itemId, body.reason, now, viewer));
    return c.json({ queued: 1 }, 202);
  })
  .get('/events/:token/qr.svg', tokenGuard, async (c) => {
    const token = c.req.param('token');
    await eventByToken(c, token);
    return c.body(qrSvg(`${c.env.PUBLIC_ORIGIN}/e/${token}`), 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'private, max-age=300',
    });
  })
  .get('/events/:token/qr.png', tokenGuard, async (c) => {
    const token = c.req.param('token');
    await eventByToken(c, token);
    const png = await qrPng(`${c.env.PUBLIC_ORIGIN}/e/${token}`);
    return c.body(png.buffer as ArrayBuffer, 200, {
      'content-type': 'image/png',
      'cache-control': 'private, max-age=300',
    });
  });
