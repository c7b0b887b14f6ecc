import {
  type CommentList,
  FeedbackSettings,
  type FeedbackSummary,
  type ItemFeedback,
  type OwnerFeedback,
  PostCommentBody,
  type PublicComment,
  ReactBody,
  type ReactionKind,
  VIEWER_SECRET_HEADER,
  ViewerSecretHeader,
} from '@hypomos/shared/api/feedback';
import type { ItemId } from '@hypomos/shared/api/common';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { feedbackOf, toEvent, toItemPreview, toShare } from '../mappers';
import { countFailedLookups, rateLimit, viewerKey } from '../middleware/rate-limit';
import { sha256Hex } from '../repositories/crypto';
import type { CommentRow, FeedbackScope } from '../repositories/feedback';
import { organizedEvent, ownShare } from '../services/access';
import { admittedEvent, admittedShare } from '../services/public-read';
import { validate } from '../validate';

type C = Context<AppEnv>;
interface Scoped {
  scope: FeedbackScope;
  settings: FeedbackSettings;
}

/** A comment is a name and 500 characters: anything near this size is not one (413 before it is parsed). */
export const MAX_COMMENT_BYTES = 8 * 1024;
const commentBodyLimit = bodyLimit({
  maxSize: MAX_COMMENT_BYTES,
  onError: () => {
    throw new ApiError(413, 'too_large', `A comment is limited to ${MAX_COMMENT_BYTES} bytes.`);
  },
});
/** Every viewer write (comment, reaction, deletion) counts against the address's feedback limit. */
const feedbackLimit = rateLimit('feedback');

const shareScope = async (c: C): Promise<Scoped> => {
  const s = await admittedShare(c);
  return { scope: { kind: 'share', id: s.id, collectionId: s.collectionId }, settings: feedbackOf(s) };
};
const eventScope = async (c: C): Promise<Scoped> => {
  const e = await admittedEvent(c);
  return { scope: { kind: 'event', id: e.id }, settings: feedbackOf(e) };
};

function requireOn(at: Scoped, what: 'comments' | 'reactions' | 'any') {
  const on = what === 'any' ? at.settings.comments || at.settings.reactions : at.settings[what];
  if (!on)
    throw new ApiError(
      403,
      `${what === 'any' ? 'feedback' : what}_off`,
      what === 'reactions' ? 'Reactions are off for this link.' : 'Comments are off for this link.',
    );
}

/** The viewer's own identity in this scope: the hash of its secret, never the secret itself. */
async function viewerHashOf(c: C, scopeId: string, required: true): Promise<string>;
async function viewerHashOf(c: C, scopeId: string, required: false): Promise<string | null>;
async function viewerHashOf(c: C, scopeId: string, required: boolean) {
  const secret = c.req.header(VIEWER_SECRET_HEADER);
  if (!secret) {
    if (required) throw new ApiError(400, 'no_viewer_secret', 'This browser has no viewer key; reload the page.');
    return null;
  }
  return sha256Hex(`viewer:${scopeId}:${secret}`);
}

const toPublicComment = (r: CommentRow, viewerHash: string | null): PublicComment => ({
  id: r.id,
  itemId: r.itemId as ItemId,
  name: r.name,
  body: r.body,
  createdAt: new Date(r.createdAt).toISOString(),
  mine: viewerHash !== null && r.authorHash === viewerHash,
});

async function summary(c: C, at: Scoped): Promise<FeedbackSummary> {
  requireOn(at, 'any');
  const viewer = await viewerHashOf(c, at.scope.id, false);
  const found = await c.get('repos').feedback.summary(at.scope, viewer);
  const items: Record<string, ItemFeedback> = {};
  const of = (id: string) => {
    items[id] ??= { reactions: {}, comments: 0, mine: null };
    return items[id];
  };
  if (at.settings.reactions) {
    for (const r of found.reactions) of(r.itemId).reactions[r.kind] = r.n;
    for (const r of found.mine) of(r.itemId).mine = r.kind;
  }
  if (at.settings.comments) for (const r of found.comments) of(r.itemId).comments = r.n;
  return { settings: at.settings, items };
}

async function listComments(c: C, at: Scoped) {
  requireOn(at, 'comments');
  const viewer = await viewerHashOf(c, at.scope.id, false);
  const rows = await c.get('repos').feedback.comments(at.scope, c.req.param('itemId') ?? '');
  if (!rows) throw new ApiError(404, 'not_found', 'No such item here.');
  return { comments: rows.map((r) => toPublicComment(r, viewer)) } satisfies CommentList;
}

async function postComment(c: C, at: Scoped, body: { name: string; body: string }) {
  requireOn(at, 'comments');
  const authorHash = await viewerHashOf(c, at.scope.id, true);
  const addressHash = await viewerKey(c, at.scope.id);
  const now = c.get('deps').now();
  const itemId = c.req.param('itemId') ?? '';
  const out = await c.get('repos').feedback.addComment(at.scope, itemId, { ...body, authorHash, addressHash }, now);
  if (!out.ok && out.why === 'not_found') throw new ApiError(404, 'not_found', 'No such item here.');
  if (!out.ok) throw new ApiError(409, 'too_many_comments', 'This link takes no more comments from you.');
  return toPublicComment(out.row, authorHash);
}

async function deleteOwnComment(c: C, at: Scoped) {
  const authorHash = await viewerHashOf(c, at.scope.id, true);
  const gone = await c.get('repos').feedback.deleteComment(at.scope.id, c.req.param('commentId') ?? '', authorHash);
  if (!gone) throw new ApiError(404, 'not_found', 'No such comment of yours.');
}

async function react(c: C, at: Scoped, kind: ReactionKind) {
  requireOn(at, 'reactions');
  const viewerHash = await viewerHashOf(c, at.scope.id, true);
  const addressHash = await viewerKey(c, at.scope.id);
  const itemId = c.req.param('itemId') ?? '';
  const out = await c
    .get('repos')
    .feedback.react(at.scope, itemId, { kind, viewerHash, addressHash }, c.get('deps').now());
  if (out === 'not_found') throw new ApiError(404, 'not_found', 'No such item here.');
  if (out === 'too_many') throw new ApiError(409, 'too_many_reactions', 'This link takes no more reactions from you.');
  return summary(c, at);
}

async function unreact(c: C, at: Scoped) {
  requireOn(at, 'reactions');
  const viewerHash = await viewerHashOf(c, at.scope.id, true);
  await c.get('repos').feedback.unreact(at.scope.id, c.req.param('itemId') ?? '', viewerHash);
  return summary(c, at);
}

/**
 * Comments and reactions for a share's or an event's viewers (issue 23). Mounted under /public after publicRoutes,
 * whose flood limit and read session cover every /public path. Each call re-admits the link (404, 410, passcode),
 * so a revoked or expired link shows none; writes also count against the address's feedback limit.
 */
export const feedbackPublicRoutes = new Hono<AppEnv>()
  .get('/shares/:token/feedback', countFailedLookups, validate('header', ViewerSecretHeader), async (c) =>
    c.json(await summary(c, await shareScope(c))),
  )
  .get('/shares/:token/items/:itemId/comments', countFailedLookups, async (c) =>
    c.json(await listComments(c, await shareScope(c))),
  )
  .post(
    '/shares/:token/items/:itemId/comments',
    countFailedLookups,
    feedbackLimit,
    commentBodyLimit,
    validate('header', ViewerSecretHeader),
    validate('json', PostCommentBody),
    async (c) => c.json(await postComment(c, await shareScope(c), c.req.valid('json')), 201),
  )
  .delete(
    '/shares/:token/comments/:commentId',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    async (c) => {
      await deleteOwnComment(c, await shareScope(c));
      return c.body(null, 204);
    },
  )
  .put(
    '/shares/:token/items/:itemId/reaction',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    validate('json', ReactBody),
    async (c) => c.json(await react(c, await shareScope(c), c.req.valid('json').kind)),
  )
  .delete(
    '/shares/:token/items/:itemId/reaction',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    async (c) => c.json(await unreact(c, await shareScope(c))),
  )
  .get('/events/:token/feedback', countFailedLookups, validate('header', ViewerSecretHeader), async (c) =>
    c.json(await summary(c, await eventScope(c))),
  )
  .get('/events/:token/items/:itemId/comments', countFailedLookups, async (c) =>
    c.json(await listComments(c, await eventScope(c))),
  )
  .post(
    '/events/:token/items/:itemId/comments',
    countFailedLookups,
    feedbackLimit,
    commentBodyLimit,
    validate('header', ViewerSecretHeader),
    validate('json', PostCommentBody),
    async (c) => c.json(await postComment(c, await eventScope(c), c.req.valid('json')), 201),
  )
  .delete(
    '/events/:token/comments/:commentId',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    async (c) => {
      await deleteOwnComment(c, await eventScope(c));
      return c.body(null, 204);
    },
  )
  .put(
    '/events/:token/items/:itemId/reaction',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    validate('json', ReactBody),
    async (c) => c.json(await react(c, await eventScope(c), c.req.valid('json').kind)),
  )
  .delete(
    '/events/:token/items/:itemId/reaction',
    countFailedLookups,
    feedbackLimit,
    validate('header', ViewerSecretHeader),
    async (c) => c.json(await unreact(c, await eventScope(c))),
  );

async function ownerView(c: C, scope: FeedbackScope, settings: FeedbackSettings): Promise<OwnerFeedback> {
  const found = await c.get('repos').feedback.ownerView(scope);
  return {
    settings,
    reactions: found.reactions,
    comments: found.comments.map((r) => ({
      id: r.id,
      itemId: r.itemId as ItemId,
      name: r.name,
      body: r.body,
      createdAt: new Date(r.createdAt).toISOString(),
      preview: toItemPreview(r),
    })),
  };
}

async function ownerDelete(c: C, scopeId: string) {
  if (!(await c.get('repos').feedback.deleteComment(scopeId, c.req.param('commentId') ?? '', null)))
    throw new ApiError(404, 'not_found', 'No such comment.');
}

/** The share's owner or the event's organizer: turn comments and reactions on or off, read them, delete any. */
export const feedbackOwnerRoutes = new Hono<AppEnv>()
  .get('/shares/:id/feedback', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const scope = { kind: 'share', id: share.id, collectionId: share.collectionId } as const;
    return c.json(await ownerView(c, scope, feedbackOf(share)));
  })
  .put('/shares/:id/feedback', validate('json', FeedbackSettings), async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    const row = await c.get('repos').shares.setFeedback(share.id, c.req.valid('json'));
    return c.json(toShare(row, c.get('deps').now()));
  })
  .delete('/shares/:id/comments/:commentId', async (c) => {
    const { share } = await ownShare(c, c.req.param('id'));
    await ownerDelete(c, share.id);
    return c.body(null, 204);
  })
  .get('/events/:id/feedback', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    return c.json(await ownerView(c, { kind: 'event', id: event.id }, feedbackOf(event)));
  })
  .put('/events/:id/feedback', validate('json', FeedbackSettings), async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    const row = await c.get('repos').events.setFeedback(event.id, c.req.valid('json'));
    return c.json(toEvent(row, c.get('deps').now()));
  })
  .delete('/events/:id/comments/:commentId', async (c) => {
    const { event } = await organizedEvent(c, c.req.param('id'));
    await ownerDelete(c, event.id);
    return c.body(null, 204);
  });
