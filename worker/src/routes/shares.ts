import { PageQuery } from '@hypomos/shared/api/common';
import { AddRecipientBody, CreateShareBody, downloadsOf, PatchShareBody } from '@hypomos/shared/api/shares';
import { decodeCursor, encodeCursor } from '@hypomos/shared/sharing/visibility';
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toInboxEntry, toPublicItem, toRecipient, toReport, toShare } from '../mappers';
import { hashPasscode } from '../repositories/crypto';
import { acceptedInboxEntry, inboxEntry, ownCollection, ownShare, requireActor } from '../services/access';
import { unservedItems } from '../services/relay';
import { summarize } from '../services/stats';
import { validate } from '../validate';

/** Direct-share invitations per owner per hour (issue 16, finding 6). */
const RECIPIENT_LIMIT = { limit: 30, windowMs: 3_600_000 };

/** Share links, direct shares (recipients and their inbox), statistics and dead-link reports. */
export const shareRoutes = new Hono<AppEnv>()
  .post('/collections/:id/shares', validate('json', CreateShareBody), async (c) => {
    const { actor, collection } = await ownCollection(c, c.req.param('id'));
    const body = c.req.valid('json');
    const now = c.get('deps').now();
    const expiresAt = body.expiresAt === null ? null : Date.parse(body.expiresAt);
    if (expiresAt !== null && expiresAt <= now)
      throw new ApiError(400, 'invalid_request', 'The expiry is in the past.');
    const downloads = downloadsOf(body);
    const { token, row } = await c.get('repos').shares.create({
      ownerId: actor.userId,
      collectionId: collection.id,
      kind: body.kind,
      title: body.title,
      expiresAt,
      passcodeHash: body.passcode === null ? null : await hashPasscode(body.passcode),
      allowDownload: downloads !== 'none',
      downloads,
      relayEnabled: body.relay,
      createdAt: now,
    });
    return c.json({ share: toShare(row, now), token, url: `${c.env.PUBLIC_ORIGIN}/s/${token}` }, 201);
  })
  .get('/shares', async (c) => {
    const a = requireActor(c);
    const now = c.get('deps').now();
    return c.json({ shares: (await c.get('repos').shares.listByOwner(a.userId)).map((s) => toShare(s, now)) });
  })
  .get('/shares/:id', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    return c.json(toShare(share, c.get('deps').now()));
  })
  .patch('/shares/:id', validate('json', PatchShareBody), async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const body = c.req.valid('json');
    const now = c.get('deps').now();
    const shares = c.get('repos').shares;
    let row = share;
    if (body.proofing) {
      if (share.kind !== 'gallery')
        throw new ApiError(400, 'not_a_gallery', 'Favourites are for galleries; this is a plain link.');
      const deadline = body.proofing.deadline === null ? null : Date.parse(body.proofing.deadline);
      // An unchanged deadline may have passed (the owner changes only the limit); a new one must be ahead.
      if (deadline !== null && deadline !== share.proofingDeadline && deadline <= now)
        throw new ApiError(400, 'invalid_request', 'The deadline is in the past.');
      row = await shares.setProofing(share.id, { ...body.proofing, deadline });
    }
    if (body.relay !== undefined) row = await shares.setRelay(share.id, body.relay);
    if (body.downloads !== undefined) row = await shares.setDownloads(share.id, body.downloads);
    return c.json(toShare(row, now));
  })
  .get('/shares/:id/unrelayed', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    return c.json({ items: await unservedItems(c.get('repos'), share) });
  })
  .delete('/shares/:id', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const now = c.get('deps').now();
    return c.json(toShare(share.revokedAt ? share : await c.get('repos').shares.revoke(share.id, now), now));
  })
  .post('/shares/:id/restore', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const restored = await c.get('repos').shares.restore(share.id, c.get('deps').now());
    if (!restored) throw new ApiError(409, 'undo_expired', 'This link can no longer be restored: create a new link.');
    return c.json(toShare(restored, c.get('deps').now()));
  })
  .get('/shares/:id/stats', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    return c.json(summarize(await c.get('repos').stats.forScope(share.id)));
  })
  .get('/reports', async (c) => {
    const a = requireActor(c);
    return c.json({ reports: (await c.get('repos').stats.reportsFor(a.userId)).map(toReport) });
  })
  .get('/collections/:id/recipients', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    const rows = await c.get('repos').shares.recipientsOf(collection.id);
    return c.json({ recipients: rows.map(toRecipient) });
  })
  .post('/collections/:id/recipients', validate('json', AddRecipientBody), async (c) => {
    const { actor, collection } = await ownCollection(c, c.req.param('id'));
    const repos = c.get('repos');
    // Each try is counted, found or not, so the endpoint cannot be used to probe addresses or spam inboxes in bulk.
    const now = c.get('deps').now();
    const { count, windowEnd } = await repos.rateLimits.hit(`recipients:${actor.userId}`, RECIPIENT_LIMIT, now);
    if (count > RECIPIENT_LIMIT.limit) {
      const wait = Math.ceil((windowEnd - now) / 1000);
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'rate_limited', `Too many invitations; try again in ${Math.ceil(wait / 60)} min.`);
    }
    const { email } = c.req.valid('json');
    if (email.toLowerCase() === actor.email?.toLowerCase())
      throw new ApiError(400, 'invalid_request', 'You cannot share with yourself.');
    const row = await repos.shares.addRecipient(collection.id, email, now);
    return c.json(toRecipient(row), 201);
  })
  .delete('/collections/:id/recipients/:recipientId', async (c) => {
    const { collection } = await ownCollection(c, c.req.param('id'));
    const repos = c.get('repos');
    const r = await repos.shares.recipient(c.req.param('recipientId'));
    if (!r || r.collectionId !== collection.id) throw new ApiError(404, 'not_found', 'No such recipient.');
    await repos.shares.removeRecipient(r.id);
    return c.body(null, 204);
  })
  .get('/inbox', async (c) => {
    const a = requireActor(c);
    await c.get('repos').shares.bindInvitations(a.userId, a.email);
    const rows = await c.get('repos').shares.inbox(a.userId);
    return c.json({ entries: rows.map((x) => toInboxEntry(x.r, x.title, x.ownerName, x.itemCount)) });
  })
  .post('/inbox/:id/accept', async (c) => {
    const { actor, recipient } = await inboxEntry(c, c.req.param('id'));
    const repos = c.get('repos');
    const row = await repos.shares.setRecipientStatus(recipient.id, 'accepted');
    const entry = (await repos.shares.inbox(actor.userId)).find((x) => x.r.id === row.id)!;
    return c.json(toInboxEntry(row, entry.title, entry.ownerName, entry.itemCount));
  })
  .post('/inbox/:id/decline', async (c) => {
    const { actor, recipient } = await inboxEntry(c, c.req.param('id'));
    const repos = c.get('repos');
    const row = await repos.shares.setRecipientStatus(recipient.id, 'declined');
    const entry = (await repos.shares.inbox(actor.userId)).find((x) => x.r.id === row.id)!;
    return c.json(toInboxEntry(row, entry.title, entry.ownerName, entry.itemCount));
  })
  .get('/inbox/:id/items', validate('query', PageQuery), async (c) => {
    const { recipient } = await acceptedInboxEntry(c, c.req.param('id'));
    const q = c.req.valid('query');
    const after = decodeCursor(q.cursor);
    if (q.cursor && !after) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid.');
    const limit = q.limit ?? 200;
    const rows = await c.get('repos').collections.page(recipient.collectionId, after, limit);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return c.json({
      items: rows.map((r) => toPublicItem(r)),
      nextCursor: last ? encodeCursor(last.sortKey, last.id) : null,
    });
  });
