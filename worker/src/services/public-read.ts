import { D1_BOOKMARK_HEADER, UNLOCK_HEADER } from '@hypomos/shared/api/public';
import { isWellFormedToken } from '@hypomos/shared/sharing/tokens';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { guessingWindow, refuseGuesser } from '../middleware/rate-limit';
import { sha256Hex } from '../repositories/crypto';
import type { ItemRow } from '../repositories/item-sql';
import { metered } from '../repositories/metered-d1';
import {
  type EventItemRow,
  type EventState,
  PublicReadRepo,
  type Read,
  type ShareState,
} from '../repositories/public-reads';
import { activeLink, requireUnlockedState } from './access';
import { readCookie } from './cookies';
import {
  type CacheScope,
  cachedAnswer,
  etagOf,
  etagVersion,
  PRIVATE_CACHE,
  PUBLIC_CACHE,
  storeAnswer,
  versionHint,
} from './edge-cache';

type C = Context<AppEnv>;

// Bookmarks look like 0000008a-00000003-00004f62-<32 hex>; anything else starts a fresh session instead.
const BOOKMARK = /^[0-9a-f]{1,16}(?:-[0-9a-f]{1,64}){1,6}$/i;

/**
 * D1 read replication for the anonymous viewer: every public read runs in a Sessions API session that starts at
 * the bookmark the viewer sent back (`x-d1-bookmark`), or anywhere (`first-unconstrained`) on a first visit, so a
 * nearby replica may answer but never one older than what this viewer already saw. The newest bookmark goes back
 * on every answer. Under `wrangler dev` and in the workerd tests there is no replica: the session is the database.
 */
export const readSession = createMiddleware<AppEnv>(async (c, next) => {
  const sent = c.req.header(D1_BOOKMARK_HEADER);
  const session = c.env.DB.withSession(sent && BOOKMARK.test(sent) ? sent : 'first-unconstrained');
  c.set('reads', new PublicReadRepo(metered(session, c.get('meter'))));
  await next();
  const bookmark = session.getBookmark();
  if (bookmark) c.res.headers.set(D1_BOOKMARK_HEADER, bookmark);
});

export interface Admitted<S> {
  state: S;
  version: number;
  /** Passcode-protected: never stored, no ETag. */
  isPrivate: boolean;
}

export interface ReadPlan<S, R> {
  scope: CacheScope;
  /** Store whole answers in the edge cache (item pages, page shells); small answers only get an ETag. */
  edgeCache: boolean;
  contentType: string;
  /** The one D1 batch; `knownVersion` lets it skip the page when the caller already holds it. */
  read(knownVersion: number | null): Promise<Read<S, R>>;
  /** Throws the refusal (404, 410, 401, 429), else says which version the answer is at. */
  admit(read: Read<S, R>): Admitted<S>;
  render(state: S, rows: R[] | null): string | Promise<string>;
}

/**
 * One public read: at most one D1 round trip, then the viewer's ETag (304), the edge cache, or a fresh answer
 * (stored for the next viewer after the response is sent).
 */
export async function answerRead<S, R>(c: C, plan: ReadPlan<S, R>): Promise<Response> {
  const fromEtag = etagVersion(c, plan.scope.kind);
  const hint = plan.edgeCache ? versionHint(plan.scope) : null;
  const cached = hint !== null ? await cachedAnswer(c, plan.scope, hint) : undefined;
  const read = await plan.read(cached !== undefined ? hint : fromEtag);
  const { state, version, isPrivate } = plan.admit(read);
  const headers: Record<string, string> = isPrivate
    ? { 'cache-control': PRIVATE_CACHE }
    : { 'cache-control': PUBLIC_CACHE, etag: etagOf(plan.scope.kind, version) };
  if (fromEtag === version) return c.body(null, 304, headers);
  if (cached !== undefined && hint === version) {
    return c.body(cached, 200, { ...headers, 'content-type': plan.contentType, 'x-edge-cache': 'hit' });
  }
  const body = await plan.render(state, read.items);
  const stored = plan.edgeCache && !isPrivate;
  if (stored) await storeAnswer(c, plan.scope, version, body, plan.contentType);
  return c.body(body, 200, {
    ...headers,
    'content-type': plan.contentType,
    'x-edge-cache': stored ? 'miss' : 'bypass',
  });
}

/** Where a read starts: the token's hash (never the token), the passcode grant's hash, the guessing window. */
async function start(c: C, what: 'share' | 'event') {
  const token = c.req.param('token') ?? '';
  if (!isWellFormedToken(token)) throw new ApiError(404, 'not_found', `No such ${what}.`);
  const unlock = c.req.header(UNLOCK_HEADER) ?? readCookie(c, 'hyp_unlock');
  const window = await guessingWindow(c);
  return {
    tokenHash: await sha256Hex(token),
    unlockHash: unlock ? await sha256Hex(unlock) : null,
    window,
    guard: { key: window.key, windowMs: window.limit.windowMs, now: window.now },
  };
}

type PageAsk = { after: { sortKey: number; id: string } | null; limit: number } | null;

export interface LinkRead<S, R> {
  kind: string;
  variant?: string;
  page?: PageAsk;
  edgeCache?: boolean;
  contentType?: string;
  render(state: S, rows: R[] | null): string | Promise<string>;
}

/** A share answer (metadata, item page or page shell); `needsUnlock` refuses a protected share without its grant. */
export async function readShare(c: C, o: LinkRead<ShareState, ItemRow> & { needsUnlock: boolean }) {
  const s = await start(c, 'share');
  return answerRead(c, {
    scope: { kind: o.kind, tokenHash: s.tokenHash, variant: o.variant ?? '' },
    edgeCache: o.edgeCache ?? false,
    contentType: o.contentType ?? 'application/json',
    read: (known) =>
      c.get('reads').share(s.tokenHash, s.unlockHash, s.guard, o.page ? { ...o.page, knownVersion: known } : null),
    admit: (r) => {
      refuseGuesser(c, s.window, r.guard.count, r.guard.windowEnd);
      const share = activeLink(c, r.state, 'share');
      if (o.needsUnlock) requireUnlockedState(share);
      return { state: share, version: share.version, isPrivate: share.passcodeHash !== null };
    },
    render: o.render,
  });
}

/** An event answer; `version` may fold in what else the answer depends on (e.g. the contribution window). */
export async function readEvent(
  c: C,
  o: LinkRead<EventState, EventItemRow> & {
    version?: (e: EventState) => number;
    withCount?: boolean;
    /** The page is the live wall's window (newest approvals) rather than a page in capture order. */
    wall?: boolean;
  },
) {
  const s = await start(c, 'event');
  return answerRead(c, {
    scope: { kind: o.kind, tokenHash: s.tokenHash, variant: o.variant ?? '' },
    edgeCache: o.edgeCache ?? false,
    contentType: o.contentType ?? 'application/json',
    read: (known) =>
      c
        .get('reads')
        .event(s.tokenHash, s.guard, o.page ? { ...o.page, knownVersion: known } : null, o.withCount, o.wall),
    admit: (r) => {
      refuseGuesser(c, s.window, r.guard.count, r.guard.windowEnd);
      const event = activeLink(c, r.state, 'event');
      return { state: event, version: o.version ? o.version(event) : event.version, isPrivate: false };
    },
    render: o.render,
  });
}

/** The share for a viewer's write (stats, reports): the same one-batch check, without a page. */
export async function admittedShare(c: C): Promise<ShareState> {
  const s = await start(c, 'share');
  const r = await c.get('reads').share(s.tokenHash, s.unlockHash, s.guard, null);
  refuseGuesser(c, s.window, r.guard.count, r.guard.windowEnd);
  return requireUnlockedState(activeLink(c, r.state, 'share'));
}

export async function admittedEvent(c: C): Promise<EventState> {
  const s = await start(c, 'event');
  const r = await c.get('reads').event(s.tokenHash, s.guard, null);
  refuseGuesser(c, s.window, r.guard.count, r.guard.windowEnd);
  return activeLink(c, r.state, 'event');
}
