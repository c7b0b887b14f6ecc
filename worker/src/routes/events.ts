import type { EventId } from '@hypomos/shared/api/common';
import {
  type Activity,
  ContributeBody,
  CreateEventBody,
  DecisionsBody,
  GuestDecisionBody,
  GuestStandingBody,
  QueueQuery,
  WallModeBody,
  WithdrawBody,
} from '@hypomos/shared/api/events';
import { acceptsContributions, decodeCursor, encodeCursor } from '@hypomos/shared/sharing/visibility';
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toContribution, toEvent, toItemPreview, toQueueEntry } from '../mappers';
import { eventByToken, organizedEvent, ownCollection, ownContribution, requireActor } from '../services/access';
import { applyActions } from '../services/approvals';
import { summarize } from '../services/stats';
import { tokenGuard } from '../middleware/rate-limit';
import { validate } from '../validate';

const ms = (iso: string) => Date.parse(iso);

/** Events for organizers (create, queue, decisions, stats) and contributions for signed-in guests. */
export const eventRoutes = new Hono<AppEnv>()
  .get('/activity', async (c) => {
    const actor = requireActor(c);
    const rows = await c.get('repos').events.pendingActivity(actor.userId, c.get('deps').now());
    const activity: Activity = {
      pending: rows.reduce((n, r) => n + r.pending, 0),
      events: rows.map((r) => ({
        eventId: r.eventId as EventId,
        title: r.title,
        pending: r.pending,
        newestAt: new Date(r.newestAt).toISOString(),
      })),
    };
    return c.json(activity);
  })
  .post('/events', validate('json', CreateEventBody), async (c) => {
    const actor = requireActor(c);
    const b = c.req.valid('json');
    const now = c.get('deps').now();
    if (ms(b.expiresAt) <= now) throw new ApiError(400, 'invalid_request', 'The expiry is in the past.');
    const { token, row } = await c.get('repos').events.create({
      organizerId: actor.userId,
      title: b.title,
      startsAt: ms(b.startsAt),
      endsAt: ms(b.endsAt),
      contributionsEndAt: b.contributionsEndAt === null ? null : ms(b.contributionsEndAt),
      expiresAt: ms(b.expiresAt),
      createdAt: now,
    });
    const origin = c.env.PUBLIC_ORIGIN;
    return c.json(
      {
        event: toEvent(row, now),
        token,
        url: `${origin}/e/${token}`,
        qrSvgUrl: `${origin}/api/public/events/${token}/qr.svg`,
        qrPngUrl: `${origin}/api/public/events/${token}/qr.png`,
      },
      201,
    );
  })
  .get('/events', async (c) => {
    const a = requireActor(c);
    const now = c.get('deps').now();
    return c.json({ events: (await c.get('repos').events.listByOrganizer(a.userId)).map((e) => toEvent(e, now)) });
  })
  .get('/events/:id', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    return c.json(toEvent(event, c.get('deps').now()));
  })
  .delete('/events/:id', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const now = c.get('deps').now();
    return c.json(toEvent(event.revokedAt ? event : await c.get('repos').events.revoke(event.id, now), now));
  })
  .get('/events/:id/queue', validate('query', QueueQuery), async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const q = c.req.valid('query');
    const after = decodeCursor(q.cursor);
    if (q.cursor && !after) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid.');
    const limit = q.limit ?? 200;
    const rows = await c
      .get('repos')
      .events.page(event.id, q.state ?? 'pending', after, limit, q.contributorId ?? null);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return c.json({ entries: rows.map(toQueueEntry), nextCursor: last ? encodeCursor(last.sortKey, last.id) : null });
  })
  .post('/events/:id/decisions', validate('json', DecisionsBody), async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const requests = c.req.valid('json').decisions.map((d) => ({ itemId: d.itemId, action: d.decision }));
    return c.json({ results: await applyActions(c.get('repos'), event.id, requests, c.get('deps').now()) });
  })
  .get('/events/:id/guests', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    return c.json({ guests: await c.get('repos').events.guests(event.id) });
  })
  // Bulk decision for one guest: the same state machine as single decisions, over their pending items only.
  .post('/events/:id/guests/:contributorId/decisions', validate('json', GuestDecisionBody), async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const repos = c.get('repos');
    const action = c.req.valid('json').decision;
    const ids = await repos.events.pendingOfContributor(event.id, c.req.param('contributorId'));
    const requests = ids.map((itemId) => ({ itemId, action }));
    return c.json({ results: await applyActions(repos, event.id, requests, c.get('deps').now()) });
  })
  /**
   * Trust (later items approved as they arrive), block (pending items rejected, new contributions refused) or return
   * a guest to the queue. Recorded with who and when; the guest's items already decided keep their state.
   */
  .put('/events/:id/guests/:contributorId/standing', validate('json', GuestStandingBody), async (c) => {
    const { actor, event } = await organizedEvent(c, c.req.param('id'));
    const repos = c.get('repos');
    const guestId = c.req.param('contributorId');
    if (guestId === event.organizerId)
      throw new ApiError(400, 'invalid_request', 'Your own photos in your event need no trust.');
    if (!(await repos.events.isGuest(event.id, guestId))) throw new ApiError(404, 'not_found', 'No such guest.');
    const { standing } = c.req.valid('json');
    const now = c.get('deps').now();
    await repos.events.setStanding(event.id, guestId, standing, actor.userId, now);
    // Rejected after the standing is set, so an item arriving meanwhile is already refused on arrival.
    const results =
      standing === 'blocked'
        ? await applyActions(
            repos,
            event.id,
            (await repos.events.pendingOfContributor(event.id, guestId)).map((itemId) => ({
              itemId,
              action: 'reject' as const,
            })),
            now,
          )
        : [];
    const [guest] = await repos.events.guests(event.id, guestId);
    return c.json({ guest: guest!, results });
  })
  .put('/events/:id/wall', validate('json', WallModeBody), async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const now = c.get('deps').now();
    return c.json(toEvent(await c.get('repos').events.setWallMode(event.id, c.req.valid('json').mode), now));
  })
  .get('/events/:id/stats', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    return c.json(summarize(await c.get('repos').stats.forScope(event.id)));
  })
  // The event token is a secret the caller guesses at: counted like every other token look-up.
  .post('/contributions', tokenGuard, validate('json', ContributeBody), async (c) => {
    const body = c.req.valid('json');
    const { actor, collection } = await ownCollection(c, body.collectionId);
    const event = await eventByToken(c, body.eventToken);
    const now = c.get('deps').now();
    if (!acceptsContributions(event, now))
      throw new ApiError(409, 'contributions_closed', 'This event no longer accepts contributions.');
    if ((await c.get('repos').events.standing(event.id, actor.userId)) === 'blocked')
      throw new ApiError(403, 'guest_blocked', 'The organizer of this event does not accept photos from you.');
    const row = await c.get('repos').events.contribute(event, actor.userId, collection.id, now);
    const mine = (await c.get('repos').events.contributionsOf(actor.userId)).find((x) => x.id === row.id)!;
    return c.json(toContribution(mine), 201);
  })
  .get('/contributions', async (c) => {
    const a = requireActor(c);
    return c.json({ contributions: (await c.get('repos').events.contributionsOf(a.userId)).map(toContribution) });
  })
  .get('/contributions/:id/items', async (c) => {
    const { contribution } = await ownContribution(c, c.req.param('id'));
    const rows = await c.get('repos').events.itemsOfContribution(contribution.id);
    return c.json({ items: rows.map((r) => ({ itemId: r.id, state: r.state, preview: toItemPreview(r) })) });
  })
  .post('/contributions/:id/withdraw', validate('json', WithdrawBody), async (c) => {
    const { actor, contribution } = await ownContribution(c, c.req.param('id'));
    const repos = c.get('repos');
    const now = c.get('deps').now();
    const ids = c.req.valid('json').itemIds;
    const targets =
      ids ??
      (await repos.events.approvalsOfContribution(contribution.id))
        .filter((a) => a.state !== 'withdrawn')
        .map((a) => a.itemId);
    const results = await applyActions(
      repos,
      contribution.eventId,
      targets.map((itemId) => ({ itemId, action: 'withdraw' as const })),
      now,
      (row) => row.contributionId === contribution.id,
    );
    // Withdrawing the whole contribution also stops new items of a dynamic collection from joining the event.
    if (!ids) await repos.events.markWithdrawn(contribution.id, now);
    const mine = (await repos.events.contributionsOf(actor.userId)).find((x) => x.id === contribution.id)!;
    return c.json({ contribution: toContribution(mine), results });
  });
