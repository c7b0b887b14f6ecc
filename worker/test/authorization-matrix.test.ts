import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, ORIGIN, type TestUser, testApp } from './helpers';

// Every route × every role, with the expected status. The route list comes from the app itself, so a new route
// without a row here fails the "covers every route" test.

const ROLES = ['anonymous', 'owner', 'other', 'recipient', 'organizer', 'guest'] as const;
type Role = (typeof ROLES)[number];
type Expect = Record<Role, number>;

const EXT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/cb';
const ISSUER = 'https://idp.test';
const providerEnv = {
  ...env,
  OIDC_PROVIDERS: JSON.stringify([
    { id: 'dev', name: 'Dev', issuer: ISSUER, clientId: 'portal', secretName: 'OIDC_DEV_SECRET' },
  ]),
  OIDC_DEV_SECRET: 'x',
};
const discoveryFetch = async () =>
  Response.json({
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `${ISSUER}/jwks`,
  });

/** The viewer secret of the comments' author, and another viewer's (issue 23). */
const AUTHOR = 'author-secret-0123456789abcdef';
const VIEWER = { 'x-viewer-secret': 'viewer-secret-0123456789abcdef' };

async function world() {
  const { app } = testApp({ fetch: discoveryFetch });
  const users = {} as Record<Exclude<Role, 'anonymous'>, TestUser>;
  for (const r of ROLES) if (r !== 'anonymous') users[r] = await makeUser(r[0]!.toUpperCase() + r.slice(1));
  const { owner, recipient, organizer, guest } = users;
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, owner, 'POST', '/api/collections', { title: 'Family', kind: 'static' }),
  );
  await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1), item(2)] });
  const share = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {}),
  );
  const rec = await json<{ id: string }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/recipients`, { email: recipient.email }),
  );
  await call(app, recipient, 'POST', `/api/inbox/${rec.id}/accept`);
  const ev = await json<{ token: string; event: { id: string } }>(
    call(app, organizer, 'POST', '/api/events', {
      title: 'Party',
      startsAt: '2026-06-01T00:00:00Z',
      endsAt: '2026-06-02T00:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
    }),
  );
  await call(app, guest, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const gcol = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', { title: 'Mine', kind: 'static' }),
  );
  const gcol2 = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', { title: 'More', kind: 'static' }),
  );
  await call(app, guest, 'POST', `/api/collections/${gcol.id}/items`, { items: [item(1), item(2)] });
  const contribution = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: gcol.id }),
  );
  const queue = await json<{ entries: { itemId: string }[] }>(
    call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`),
  );
  const [approvedId, pendingId] = queue.entries.map((e) => e.itemId);
  await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
    decisions: [{ itemId: approvedId, decision: 'approve' }],
  });
  const shareItems = await json<{ items: { id: string }[] }>(
    app.request(`/api/public/shares/${share.token}/items`, {}, env),
  );
  const tokens = await json<{ tokens: { id: string }[] }>(call(app, owner, 'GET', '/api/tokens'));
  // A photographer's gallery of the same collection, with client proofing on and one client who started choosing.
  const gallery = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {
      kind: 'gallery',
      expiresAt: '2027-01-01T00:00:00Z',
    }),
  );
  await call(app, owner, 'PATCH', `/api/shares/${gallery.share.id}`, { proofing: { enabled: true, limit: 10 } });
  const proofingClient = await json<{ clientToken: string }>(
    app.request(
      `/api/public/shares/${gallery.token}/proofing/clients`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Client' }) },
      env,
    ),
  );
  // Comments and reactions on the plain share and the event, with one comment on each (issue 23).
  await call(app, owner, 'PUT', `/api/shares/${share.share.id}/feedback`, { comments: true, reactions: true });
  await call(app, organizer, 'PUT', `/api/events/${ev.event.id}/feedback`, { comments: true, reactions: true });
  const postComment = (path: string) =>
    json<{ id: string }>(
      app.request(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-viewer-secret': AUTHOR },
          body: JSON.stringify({ name: 'Viewer', body: 'Nice' }),
        },
        env,
      ),
    );
  const shareComment = await postComment(`/api/public/shares/${share.token}/items/${shareItems.items[0]!.id}/comments`);
  const eventComment = await postComment(`/api/public/events/${ev.token}/items/${approvedId}/comments`);
  return {
    app,
    users,
    col: col.id,
    shareComment: shareComment.id,
    eventComment: eventComment.id,
    share,
    rec: rec.id,
    ev,
    gcol: gcol.id,
    gcol2: gcol2.id,
    contribution: contribution.id,
    approvedId,
    pendingId,
    shareItemId: shareItems.items[0]!.id,
    gallery,
    proofingClient: proofingClient.clientToken,
    ownerTokenId: tokens.tokens[0]!.id,
  };
}
type World = Awaited<ReturnType<typeof world>>;

interface Row {
  path: (w: World) => string;
  body?: (w: World) => unknown;
  form?: (w: World, u: TestUser | null) => Record<string, string>;
  headers?: (w: World) => Record<string, string>;
  expect: Expect;
}

const all = (s: number): Expect => ({ anonymous: s, owner: s, other: s, recipient: s, organizer: s, guest: s });
const signedIn = (s: number): Expect => ({ ...all(s), anonymous: 401 });
/** Only `who` may; every other signed-in user gets 404 (existence is not revealed), anonymous 401. */
const only = (who: Role, s: number): Expect => ({ ...all(404), anonymous: 401, [who]: s });

const c = (w: World) => `/api/collections/${w.col}`;
const ps = (w: World) => `/api/public/shares/${w.share.token}`;
const pe = (w: World) => `/api/public/events/${w.ev.token}`;

const MATRIX: Record<string, Row> = {
  'GET /api/health': { path: () => '/api/health', expect: all(200) },
  'GET /api/me': { path: () => '/api/me', expect: signedIn(200) },
  'POST /api/tokens/exchange': {
    path: () => '/api/tokens/exchange',
    body: () => ({ code: 'A'.repeat(43) }),
    expect: all(400),
  },
  'GET /api/tokens': { path: () => '/api/tokens', expect: signedIn(200) },
  'DELETE /api/tokens/:id': { path: (w) => `/api/tokens/${w.ownerTokenId}`, expect: only('owner', 204) },
  'GET /api/sources': { path: () => '/api/sources', expect: signedIn(200) },
  'PUT /api/sources/:id': {
    path: () => '/api/sources/az1',
    body: () => ({ kind: 'azblob', name: 'Blob' }),
    expect: signedIn(200),
  },
  'GET /api/collections': { path: () => '/api/collections', expect: signedIn(200) },
  'POST /api/collections': {
    path: () => '/api/collections',
    body: () => ({ title: 'New', kind: 'dynamic' }),
    expect: signedIn(201),
  },
  'GET /api/collections/:id': { path: c, expect: only('owner', 200) },
  'PATCH /api/collections/:id': { path: c, body: () => ({ title: 'Renamed' }), expect: only('owner', 200) },
  'DELETE /api/collections/:id': { path: c, expect: only('owner', 204) },
  'GET /api/collections/:id/items': { path: (w) => `${c(w)}/items`, expect: only('owner', 200) },
  'POST /api/collections/:id/items': {
    path: (w) => `${c(w)}/items`,
    body: () => ({ items: [item(3)] }),
    expect: only('owner', 200),
  },
  'PATCH /api/collections/:id/items': {
    path: (w) => `${c(w)}/items`,
    body: () => ({ items: [{ sourceId: 'od1', sourceItemId: 'item-1', width: 9 }] }),
    expect: only('owner', 200),
  },
  'POST /api/collections/:id/items/remove': {
    path: (w) => `${c(w)}/items/remove`,
    body: () => ({ items: [{ sourceId: 'od1', sourceItemId: 'item-1' }] }),
    expect: only('owner', 200),
  },
  'POST /api/collections/:id/replace': { path: (w) => `${c(w)}/replace`, expect: only('owner', 200) },
  'POST /api/collections/:id/replace/:generation/commit': {
    path: (w) => `${c(w)}/replace/1/commit`,
    expect: only('owner', 200),
  },
  'POST /api/collections/:id/shares': {
    path: (w) => `${c(w)}/shares`,
    body: () => ({ allowDownload: true }),
    expect: only('owner', 201),
  },
  'GET /api/shares': { path: () => '/api/shares', expect: signedIn(200) },
  'GET /api/shares/:id': { path: (w) => `/api/shares/${w.share.share.id}`, expect: only('owner', 200) },
  'DELETE /api/shares/:id': { path: (w) => `/api/shares/${w.share.share.id}`, expect: only('owner', 200) },
  // The world's share is active, so its owner has nothing to undo (409); everyone else is refused first.
  'POST /api/shares/:id/restore': {
    path: (w) => `/api/shares/${w.share.share.id}/restore`,
    expect: only('owner', 409),
  },
  'PATCH /api/shares/:id': {
    path: (w) => `/api/shares/${w.share.share.id}`,
    body: () => ({ relay: false }),
    expect: only('owner', 200),
  },
  'GET /api/shares/:id/unrelayed': {
    path: (w) => `/api/shares/${w.share.share.id}/unrelayed`,
    expect: only('owner', 200),
  },
  // The world's items carry no delivery descriptor: the relay has nothing to stream for anyone (relay.test.ts streams).
  'GET /api/relay/shares/:token/items/:itemId': {
    path: (w) => `/api/relay/shares/${w.share.token}/items/${w.shareItemId}`,
    expect: all(404),
  },
  'GET /api/relay/events/:token/items/:itemId': {
    path: (w) => `/api/relay/events/${w.ev.token}/items/${w.approvedId}`,
    expect: all(404),
  },
  'GET /api/shares/:id/stats': { path: (w) => `/api/shares/${w.share.share.id}/stats`, expect: only('owner', 200) },
  'GET /api/reports': { path: () => '/api/reports', expect: signedIn(200) },
  'GET /api/collections/:id/recipients': { path: (w) => `${c(w)}/recipients`, expect: only('owner', 200) },
  'POST /api/collections/:id/recipients': {
    path: (w) => `${c(w)}/recipients`,
    body: (w) => ({ email: w.users.other.email }),
    expect: only('owner', 201),
  },
  'DELETE /api/collections/:id/recipients/:recipientId': {
    path: (w) => `${c(w)}/recipients/${w.rec}`,
    expect: only('owner', 204),
  },
  'GET /api/inbox': { path: () => '/api/inbox', expect: signedIn(200) },
  'POST /api/inbox/:id/accept': { path: (w) => `/api/inbox/${w.rec}/accept`, expect: only('recipient', 200) },
  'POST /api/inbox/:id/decline': { path: (w) => `/api/inbox/${w.rec}/decline`, expect: only('recipient', 200) },
  'GET /api/inbox/:id/items': { path: (w) => `/api/inbox/${w.rec}/items`, expect: only('recipient', 200) },
  'GET /api/activity': { path: () => '/api/activity', expect: signedIn(200) },
  'POST /api/events': {
    path: () => '/api/events',
    body: () => ({
      title: 'E',
      startsAt: '2026-06-01T00:00:00Z',
      endsAt: '2026-06-01T01:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
    }),
    expect: signedIn(201),
  },
  'GET /api/events': { path: () => '/api/events', expect: signedIn(200) },
  'GET /api/events/:id': { path: (w) => `/api/events/${w.ev.event.id}`, expect: only('organizer', 200) },
  'DELETE /api/events/:id': { path: (w) => `/api/events/${w.ev.event.id}`, expect: only('organizer', 200) },
  'GET /api/events/:id/queue': { path: (w) => `/api/events/${w.ev.event.id}/queue`, expect: only('organizer', 200) },
  'POST /api/events/:id/decisions': {
    path: (w) => `/api/events/${w.ev.event.id}/decisions`,
    body: (w) => ({ decisions: [{ itemId: w.pendingId, decision: 'approve' }] }),
    expect: only('organizer', 200),
  },
  'GET /api/events/:id/guests': { path: (w) => `/api/events/${w.ev.event.id}/guests`, expect: only('organizer', 200) },
  'POST /api/events/:id/guests/:contributorId/decisions': {
    path: (w) => `/api/events/${w.ev.event.id}/guests/${w.users.guest.id}/decisions`,
    body: () => ({ decision: 'reject' }),
    expect: only('organizer', 200),
  },
  'PUT /api/events/:id/guests/:contributorId/standing': {
    path: (w) => `/api/events/${w.ev.event.id}/guests/${w.users.guest.id}/standing`,
    body: () => ({ standing: 'trusted' }),
    expect: only('organizer', 200),
  },
  'PUT /api/events/:id/wall': {
    path: (w) => `/api/events/${w.ev.event.id}/wall`,
    body: () => ({ mode: 'paused' }),
    expect: only('organizer', 200),
  },
  'GET /api/events/:id/stats': { path: (w) => `/api/events/${w.ev.event.id}/stats`, expect: only('organizer', 200) },
  'POST /api/contributions': {
    path: () => '/api/contributions',
    body: (w) => ({ eventToken: w.ev.token, collectionId: w.gcol2 }),
    expect: only('guest', 201),
  },
  'GET /api/contributions': { path: () => '/api/contributions', expect: signedIn(200) },
  'GET /api/contributions/:id/items': {
    path: (w) => `/api/contributions/${w.contribution}/items`,
    expect: only('guest', 200),
  },
  'POST /api/contributions/:id/withdraw': {
    path: (w) => `/api/contributions/${w.contribution}/withdraw`,
    body: () => ({}),
    expect: only('guest', 200),
  },
  // Public viewer routes: the token is the credential, the caller's account does not matter.
  'GET /api/public/shares/:token': { path: ps, expect: all(200) },
  'POST /api/public/shares/:token/unlock': {
    path: (w) => `${ps(w)}/unlock`,
    body: () => ({ passcode: 'x' }),
    expect: all(400),
  },
  'GET /api/public/shares/:token/items': { path: (w) => `${ps(w)}/items`, expect: all(200) },
  'POST /api/public/shares/:token/stats': {
    path: (w) => `${ps(w)}/stats`,
    body: (w) => ({ events: [{ itemId: w.shareItemId, kind: 'viewed' }] }),
    expect: all(202),
  },
  'POST /api/public/shares/:token/reports': {
    path: (w) => `${ps(w)}/reports`,
    body: (w) => ({ itemId: w.shareItemId }),
    expect: all(202),
  },
  'POST /api/public/shares/:token/proofing/clients': {
    path: (w) => `/api/public/shares/${w.gallery.token}/proofing/clients`,
    body: () => ({ name: 'Another client' }),
    expect: all(201),
  },
  'GET /api/public/shares/:token/proofing': {
    path: (w) => `/api/public/shares/${w.gallery.token}/proofing`,
    headers: (w) => ({ 'x-proofing-client': w.proofingClient }),
    expect: all(200),
  },
  'PUT /api/public/shares/:token/proofing/picks/:itemId': {
    path: (w) => `/api/public/shares/${w.gallery.token}/proofing/picks/${w.shareItemId}`,
    headers: (w) => ({ 'x-proofing-client': w.proofingClient }),
    expect: all(200),
  },
  'DELETE /api/public/shares/:token/proofing/picks/:itemId': {
    path: (w) => `/api/public/shares/${w.gallery.token}/proofing/picks/${w.shareItemId}`,
    headers: (w) => ({ 'x-proofing-client': w.proofingClient }),
    expect: all(200),
  },
  'GET /api/shares/:id/proofing': {
    path: (w) => `/api/shares/${w.gallery.share.id}/proofing`,
    expect: only('owner', 200),
  },
  'GET /api/shares/:id/proofing/export': {
    path: (w) => `/api/shares/${w.gallery.share.id}/proofing/export`,
    expect: only('owner', 200),
  },
  'GET /api/public/shares/:token/feedback': {
    path: (w) => `${ps(w)}/feedback`,
    headers: () => VIEWER,
    expect: all(200),
  },
  'GET /api/public/shares/:token/items/:itemId/comments': {
    path: (w) => `${ps(w)}/items/${w.shareItemId}/comments`,
    expect: all(200),
  },
  'POST /api/public/shares/:token/items/:itemId/comments': {
    path: (w) => `${ps(w)}/items/${w.shareItemId}/comments`,
    headers: () => VIEWER,
    body: () => ({ name: 'Guest', body: 'Lovely' }),
    expect: all(201),
  },
  // Only the author's secret deletes a comment here, signed in or not (the owner's way is below).
  'DELETE /api/public/shares/:token/comments/:commentId': {
    path: (w) => `${ps(w)}/comments/${w.shareComment}`,
    headers: () => VIEWER,
    expect: all(404),
  },
  'PUT /api/public/shares/:token/items/:itemId/reaction': {
    path: (w) => `${ps(w)}/items/${w.shareItemId}/reaction`,
    headers: () => VIEWER,
    body: () => ({ kind: 'heart' }),
    expect: all(200),
  },
  'DELETE /api/public/shares/:token/items/:itemId/reaction': {
    path: (w) => `${ps(w)}/items/${w.shareItemId}/reaction`,
    headers: () => VIEWER,
    expect: all(200),
  },
  'GET /api/shares/:id/feedback': {
    path: (w) => `/api/shares/${w.share.share.id}/feedback`,
    expect: only('owner', 200),
  },
  'PUT /api/shares/:id/feedback': {
    path: (w) => `/api/shares/${w.share.share.id}/feedback`,
    body: () => ({ comments: true, reactions: false }),
    expect: only('owner', 200),
  },
  'DELETE /api/shares/:id/comments/:commentId': {
    path: (w) => `/api/shares/${w.share.share.id}/comments/${w.shareComment}`,
    expect: only('owner', 204),
  },
  'GET /api/public/events/:token/feedback': {
    path: (w) => `${pe(w)}/feedback`,
    headers: () => VIEWER,
    expect: all(200),
  },
  'GET /api/public/events/:token/items/:itemId/comments': {
    path: (w) => `${pe(w)}/items/${w.approvedId}/comments`,
    expect: all(200),
  },
  'POST /api/public/events/:token/items/:itemId/comments': {
    path: (w) => `${pe(w)}/items/${w.approvedId}/comments`,
    headers: () => VIEWER,
    body: () => ({ name: 'Guest', body: 'Lovely' }),
    expect: all(201),
  },
  'DELETE /api/public/events/:token/comments/:commentId': {
    path: (w) => `${pe(w)}/comments/${w.eventComment}`,
    headers: () => VIEWER,
    expect: all(404),
  },
  'PUT /api/public/events/:token/items/:itemId/reaction': {
    path: (w) => `${pe(w)}/items/${w.approvedId}/reaction`,
    headers: () => VIEWER,
    body: () => ({ kind: 'fire' }),
    expect: all(200),
  },
  'DELETE /api/public/events/:token/items/:itemId/reaction': {
    path: (w) => `${pe(w)}/items/${w.approvedId}/reaction`,
    headers: () => VIEWER,
    expect: all(200),
  },
  'GET /api/events/:id/feedback': {
    path: (w) => `/api/events/${w.ev.event.id}/feedback`,
    expect: only('organizer', 200),
  },
  'PUT /api/events/:id/feedback': {
    path: (w) => `/api/events/${w.ev.event.id}/feedback`,
    body: () => ({ comments: false, reactions: true }),
    expect: only('organizer', 200),
  },
  'DELETE /api/events/:id/comments/:commentId': {
    path: (w) => `/api/events/${w.ev.event.id}/comments/${w.eventComment}`,
    expect: only('organizer', 204),
  },
  'GET /api/public/events/:token': { path: pe, expect: all(200) },
  'GET /api/public/events/:token/items': { path: (w) => `${pe(w)}/items`, expect: all(200) },
  'GET /api/public/events/:token/wall': { path: (w) => `${pe(w)}/wall`, expect: all(200) },
  'POST /api/public/events/:token/stats': {
    path: (w) => `${pe(w)}/stats`,
    body: (w) => ({ events: [{ itemId: w.approvedId, kind: 'liked' }] }),
    expect: all(202),
  },
  'POST /api/public/events/:token/reports': {
    path: (w) => `${pe(w)}/reports`,
    body: (w) => ({ itemId: w.approvedId }),
    expect: all(202),
  },
  'GET /api/public/events/:token/qr.svg': { path: (w) => `${pe(w)}/qr.svg`, expect: all(200) },
  'GET /api/public/events/:token/qr.png': { path: (w) => `${pe(w)}/qr.png`, expect: all(200) },
  'GET /robots.txt': { path: () => '/robots.txt', expect: all(200) },
  // The Blob CORS check page: static, no cookies read, framed only by extension pages (its CSP says so).
  'GET /tools/blob-cors-test': { path: () => '/tools/blob-cors-test', expect: all(200) },
  'GET /tools/blob-cors-test.js': { path: () => '/tools/blob-cors-test.js', expect: all(200) },
  'GET /s/:token': { path: (w) => `/s/${w.share.token}`, expect: all(200) },
  'GET /e/:token': { path: (w) => `/e/${w.ev.token}`, expect: all(200) },
  'GET /e/:token/wall': { path: (w) => `/e/${w.ev.token}/wall`, expect: all(200) },
  // Sign-in and pairing.
  'GET /auth/providers': { path: () => '/auth/providers', expect: all(200) },
  'GET /auth/signin': { path: () => '/auth/signin', expect: all(200) },
  'GET /auth/login/:provider': { path: () => '/auth/login/dev', expect: all(302) },
  'GET /auth/callback/:provider': { path: () => '/auth/callback/dev?code=c&state=s', expect: all(400) },
  'GET /auth/done': { path: () => '/auth/done', expect: { ...all(200), anonymous: 302 } },
  'POST /auth/logout': { path: () => '/auth/logout', expect: signedIn(204) },
  'POST /auth/logout-everywhere': { path: () => '/auth/logout-everywhere', expect: signedIn(204) },
  'GET /auth/pair': {
    path: () => `/auth/pair?redirect_uri=${encodeURIComponent(EXT)}&state=state-123`,
    expect: { ...all(200), anonymous: 302 },
  },
  'POST /auth/pair': {
    path: () => '/auth/pair',
    form: (_, u) => ({ redirect_uri: EXT, state: 'state-123', csrf: u?.csrf ?? '' }),
    expect: { ...all(303), anonymous: 401 },
  },
};

/** Calls as the role's browser session (cookie + Origin + CSRF header), the portal's way of calling. */
async function callAs(w: World, role: Role, method: string, row: Row) {
  const u = role === 'anonymous' ? null : w.users[role];
  const headers: Record<string, string> = { origin: ORIGIN, ...row.headers?.(w) };
  if (u) Object.assign(headers, { cookie: `hyp_session=${u.session}`, 'x-csrf-token': u.csrf });
  let body: string | undefined;
  if (row.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(row.form(w, u)).toString();
  } else if (row.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(row.body(w));
  }
  return w.app.request(row.path(w), { method, headers, body, redirect: 'manual' }, providerEnv);
}

function appRoutes(app: World['app']): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

describe('authorization matrix', () => {
  it('covers every route of the app, and nothing that is not a route', () => {
    const { app } = testApp();
    expect(Object.keys(MATRIX).sort()).toEqual(appRoutes(app));
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    it(`${key}`, { timeout: 30_000 }, async () => {
      const w = await world();
      const method = key.split(' ')[0]!;
      // Refusals first, so a role that succeeds (and may delete) runs after the ones that must not.
      const order = [...ROLES].sort((a, b) => Number(row.expect[a] < 300) - Number(row.expect[b] < 300));
      const got = {} as Expect;
      for (const role of order) got[role] = (await callAs(w, role, method, row)).status;
      expect(got).toEqual(row.expect);
    });
  }

  // Download sizes (issue 23) change two routes, not the route list: the owner's PATCH, and the relay's `?size=web`.
  const SIZE_ROWS: Record<string, Row> = {
    'PATCH /api/shares/:id {downloads}': {
      path: (w) => `/api/shares/${w.share.share.id}`,
      body: () => ({ downloads: 'web' }),
      expect: only('owner', 200),
    },
    // The world's share allows no downloads: the rendition is refused to everyone before any item is read.
    'GET /api/relay/shares/:token/items/:itemId?size=web': {
      path: (w) => `/api/relay/shares/${w.share.token}/items/${w.shareItemId}?size=web`,
      expect: all(403),
    },
    'GET /api/relay/events/:token/items/:itemId?size=web': {
      path: (w) => `/api/relay/events/${w.ev.token}/items/${w.approvedId}?size=web`,
      expect: all(403),
    },
  };
  for (const [key, row] of Object.entries(SIZE_ROWS)) {
    it(key, { timeout: 30_000 }, async () => {
      const w = await world();
      const method = key.split(' ')[0]!;
      const order = [...ROLES].sort((a, b) => Number(row.expect[a] < 300) - Number(row.expect[b] < 300));
      const got = {} as Expect;
      for (const role of order) got[role] = (await callAs(w, role, method, row)).status;
      expect(got).toEqual(row.expect);
    });
  }

  it('a contributor edits an approved item: only they may, and it leaves the event until the organizer decides again', {
    timeout: 30_000,
  }, async () => {
    const w = await world();
    const edit = {
      items: [{ sourceId: 'od1', sourceItemId: 'item-1', originalUrl: 'https://x.blob.core.windows.net/c/y' }],
    };
    const got = {} as Expect;
    for (const role of ROLES)
      got[role] = (
        await callAs(w, role, 'PATCH', {
          path: (x) => `/api/collections/${x.gcol}/items`,
          body: () => edit,
          expect: all(0),
        })
      ).status;
    expect(got).toEqual(only('guest', 200));
    const pub = await json<{ items: unknown[] }>(w.app.request(`/api/public/events/${w.ev.token}/items`, {}, env));
    expect(pub.items).toEqual([]);
    const queue = await json<{ entries: { itemId: string; changedSinceApproval: boolean }[] }>(
      call(w.app, w.users.organizer, 'GET', `/api/events/${w.ev.event.id}/queue`),
    );
    expect(queue.entries.find((e) => e.itemId === w.approvedId)?.changedSinceApproval).toBe(true);
  });

  it('an anonymous write is refused before its body is read (401, never a 400 that lists the schema)', {
    timeout: 60_000,
  }, async () => {
    const { app } = testApp({ fetch: discoveryFetch });
    const refused: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [key, row] of Object.entries(MATRIX)) {
      const [method, path] = key.split(' ') as [string, string];
      if (method === 'GET' || row.expect.anonymous !== 401) continue;
      const url = path.replace(/:[a-zA-Z]+/g, 'x1');
      const type = row.form ? 'application/x-www-form-urlencoded' : 'application/json';
      const res = await app.request(
        url,
        { method, headers: { origin: ORIGIN, 'content-type': type }, body: '{"not": "the schema"' },
        providerEnv,
      );
      refused[key] = `${res.status} ${((await res.json()) as { error: { code: string } }).error.code}`;
      expected[key] = '401 unauthenticated';
    }
    expect(Object.keys(refused).length).toBeGreaterThan(20);
    expect(refused).toEqual(expected);
  });
});
