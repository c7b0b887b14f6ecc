import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, testApp } from '../../test/helpers';

type App = ReturnType<typeof testApp>['app'];
type Comment = { id: string; itemId: string; name: string; body: string; mine: boolean };
type Summary = {
  settings: { comments: boolean; reactions: boolean };
  items: Record<string, { reactions: Record<string, number>; comments: number; mine: string | null }>;
};
type OwnerView = { comments: (Comment & { preview: { thumbnails: string[] } })[]; reactions: number };

const SECRET = 'x-viewer-secret';
const ANNA = 'anna-secret-0123456789abcdef';
const BEN = 'ben-secret-0123456789abcdefgh';

/** A share of `n` photos with comments and reactions as given. */
async function share(app: App, feedback = { comments: true, reactions: true }, n = 3) {
  const owner = await makeUser('Owner');
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, owner, 'POST', '/api/collections', { title: 'Lake', kind: 'static' }),
  );
  await call(app, owner, 'POST', `/api/collections/${col.id}/items`, {
    items: Array.from({ length: n }, (_, i) => item(i)),
  });
  const created = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {}),
  );
  const set = await call(app, owner, 'PUT', `/api/shares/${created.share.id}/feedback`, feedback);
  expect(set.status).toBe(200);
  const page = await json<{ items: { id: string }[] }>(
    app.request(`/api/public/shares/${created.token}/items`, {}, env),
  );
  return { owner, col: col.id, token: created.token, id: created.share.id, ids: page.items.map((i) => i.id) };
}

const pub = (
  app: App,
  base: string,
  method: string,
  path: string,
  secret?: string,
  body?: unknown,
  ip = '203.0.113.5',
) =>
  app.request(
    `${base}${path}`,
    {
      method,
      headers: {
        'cf-connecting-ip': ip,
        ...(secret ? { [SECRET]: secret } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    env,
  );
const ps = (token: string) => `/api/public/shares/${token}`;

const comment = (app: App, base: string, itemId: string, secret: string, name: string, body: string) =>
  pub(app, base, 'POST', `/items/${itemId}/comments`, secret, { name, body });

describe('comments and reactions on a share', () => {
  it('viewers react and comment; others see counts and comments; the author and the owner delete', async () => {
    const { app } = testApp();
    const s = await share(app);
    const base = ps(s.token);
    const shown = await json<{ feedback: { comments: boolean; reactions: boolean } }>(app.request(base, {}, env));
    expect(shown.feedback).toEqual({ comments: true, reactions: true });

    expect((await pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, ANNA, { kind: 'heart' })).status).toBe(200);
    expect((await pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, BEN, { kind: 'wow' })).status).toBe(200);
    // One reaction per viewer and item: another kind replaces it.
    const changed = await json<Summary>(pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, BEN, { kind: 'heart' }));
    expect(changed.items[s.ids[0]!]).toEqual({ reactions: { heart: 2 }, comments: 0, mine: 'heart' });

    const a = await comment(app, base, s.ids[0]!, ANNA, 'Anna', 'What a view!');
    expect(a.status).toBe(201);
    const mineA = await json<Comment>(a);
    const b = await json<Comment>(comment(app, base, s.ids[0]!, BEN, 'Ben', 'Where is this?'));
    await comment(app, base, s.ids[1]!, BEN, 'Ben', 'Lovely');

    const seenByBen = await json<{ comments: Comment[] }>(pub(app, base, 'GET', `/items/${s.ids[0]}/comments`, BEN));
    expect(seenByBen.comments.map((c) => [c.name, c.body, c.mine])).toEqual([
      ['Anna', 'What a view!', false],
      ['Ben', 'Where is this?', true],
    ]);
    const summary = await json<Summary>(pub(app, base, 'GET', '/feedback', ANNA));
    expect(summary.items[s.ids[0]!]).toEqual({ reactions: { heart: 2 }, comments: 2, mine: 'heart' });
    expect(summary.items[s.ids[1]!]).toEqual({ reactions: {}, comments: 1, mine: null });
    // Without a secret a viewer still reads the counts, without a reaction of their own.
    expect((await json<Summary>(pub(app, base, 'GET', '/feedback'))).items[s.ids[0]!]?.mine).toBeNull();

    // Ben cannot delete Anna's comment; a forged secret is just another viewer; Anna can.
    expect((await pub(app, base, 'DELETE', `/comments/${mineA.id}`, BEN)).status).toBe(404);
    expect((await pub(app, base, 'DELETE', `/comments/${mineA.id}`, 'A'.repeat(43))).status).toBe(404);
    expect((await pub(app, base, 'DELETE', `/comments/${mineA.id}`)).status).toBe(400);
    expect((await pub(app, base, 'DELETE', `/comments/${mineA.id}`, ANNA)).status).toBe(204);

    // The owner sees every comment with its item's picture, and deletes any; a stranger cannot.
    const view = await json<OwnerView>(call(app, s.owner, 'GET', `/api/shares/${s.id}/feedback`));
    expect(view.comments.map((c) => c.body)).toEqual(['Lovely', 'Where is this?']);
    expect(view.comments[0]!.preview.thumbnails.length).toBeGreaterThan(0);
    expect(view.reactions).toBe(2);
    const stranger = await makeUser('Stranger');
    expect((await call(app, stranger, 'DELETE', `/api/shares/${s.id}/comments/${b.id}`)).status).toBe(404);
    expect((await call(app, s.owner, 'DELETE', `/api/shares/${s.id}/comments/${b.id}`)).status).toBe(204);
    expect((await call(app, s.owner, 'DELETE', `/api/shares/${s.id}/comments/${b.id}`)).status).toBe(404);
    const after = await json<{ comments: Comment[] }>(pub(app, base, 'GET', `/items/${s.ids[0]}/comments`, BEN));
    expect(after.comments).toEqual([]);

    expect((await pub(app, base, 'DELETE', `/items/${s.ids[0]}/reaction`, BEN)).status).toBe(200);
    expect((await json<Summary>(pub(app, base, 'GET', '/feedback', BEN))).items[s.ids[0]!]).toEqual({
      reactions: { heart: 1 },
      comments: 0,
      mine: null,
    });
  });

  it('is off by default, and each half can be off: 403', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1)] });
    const link = await json<{ token: string; share: { id: string; feedback: unknown } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {}),
    );
    expect(link.share.feedback).toEqual({ comments: false, reactions: false });
    const [id] = (await json<{ items: { id: string }[] }>(app.request(`${ps(link.token)}/items`, {}, env))).items;
    const off = await pub(app, ps(link.token), 'GET', '/feedback', ANNA);
    expect(off.status).toBe(403);
    expect(await off.json()).toMatchObject({ error: { code: 'feedback_off' } });
    expect((await comment(app, ps(link.token), id!.id, ANNA, 'A', 'hi')).status).toBe(403);

    const reactionsOnly = await share(app, { comments: false, reactions: true });
    const r = ps(reactionsOnly.token);
    expect((await pub(app, r, 'PUT', `/items/${reactionsOnly.ids[0]}/reaction`, ANNA, { kind: 'star' })).status).toBe(
      200,
    );
    const noComments = await comment(app, r, reactionsOnly.ids[0]!, ANNA, 'A', 'hi');
    expect(noComments.status).toBe(403);
    expect(await noComments.json()).toMatchObject({ error: { code: 'comments_off' } });
    expect((await pub(app, r, 'GET', `/items/${reactionsOnly.ids[0]}/comments`, ANNA)).status).toBe(403);
    const commentsOnly = await share(app, { comments: true, reactions: false });
    const c = ps(commentsOnly.token);
    expect((await pub(app, c, 'PUT', `/items/${commentsOnly.ids[0]}/reaction`, ANNA, { kind: 'star' })).status).toBe(
      403,
    );
    // Turned off later: what was written stays out of sight.
    await call(app, reactionsOnly.owner, 'PUT', `/api/shares/${reactionsOnly.id}/feedback`, {
      comments: true,
      reactions: false,
    });
    expect((await json<Summary>(pub(app, r, 'GET', '/feedback', ANNA))).items).toEqual({});
  });

  it('refuses forged share tokens, other shares’ items, unknown items and bad secrets or kinds', async () => {
    const { app } = testApp();
    const s = await share(app);
    const other = await share(app);
    const base = ps(s.token);
    for (const id of [other.ids[0]!, 'no-such-item-000', '..%2F..%2Fetc', 'z'.repeat(300)]) {
      expect((await comment(app, base, id, ANNA, 'A', 'hi')).status, id).toBe(404);
      expect((await pub(app, base, 'PUT', `/items/${id}/reaction`, ANNA, { kind: 'heart' })).status, id).toBe(404);
      expect((await pub(app, base, 'GET', `/items/${id}/comments`, ANNA)).status, id).toBe(404);
    }
    const forged = ps('A'.repeat(43));
    expect((await comment(app, forged, s.ids[0]!, ANNA, 'A', 'hi')).status).toBe(404);
    expect((await pub(app, forged, 'GET', '/feedback', ANNA)).status).toBe(404);
    // A comment of one share cannot be deleted through another, even by its author or that share's owner.
    const theirs = await json<Comment>(comment(app, ps(other.token), other.ids[0]!, ANNA, 'A', 'mine'));
    expect((await pub(app, base, 'DELETE', `/comments/${theirs.id}`, ANNA)).status).toBe(404);
    expect((await call(app, s.owner, 'DELETE', `/api/shares/${s.id}/comments/${theirs.id}`)).status).toBe(404);
    expect((await call(app, s.owner, 'DELETE', `/api/shares/${other.id}/comments/${theirs.id}`)).status).toBe(404);
    for (const secret of [undefined, 'short', `${'a'.repeat(30)}<script>`]) {
      const res = await pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, secret, { kind: 'heart' });
      expect(res.status, String(secret)).toBe(400);
    }
    for (const kind of ['thumbsdown', '<img>', '']) {
      expect((await pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, ANNA, { kind })).status, kind).toBe(400);
    }
  });

  it('keeps hostile names and bodies plain text, never an email, and refuses empty, long or oversized ones', async () => {
    const { app } = testApp();
    const s = await share(app);
    const base = ps(s.token);
    const hostile = await json<Comment>(
      comment(app, base, s.ids[0]!, ANNA, 'Eve\u202Egpj.exe\u0000\n', '<script>alert(1)</script>\n\u202Ehi'),
    );
    expect([hostile.name, hostile.body]).toEqual(['Evegpj.exe', '<script>alert(1)</script> hi']);
    const email = await json<Comment>(comment(app, base, s.ids[0]!, ANNA, 'ben@example.com', 'hi'));
    expect(email.name).toBe('ben');
    for (const body of [
      { name: '', body: 'hi' },
      { name: 'A', body: ' \u200E ' },
      { name: 'A', body: 'x'.repeat(501) },
      { name: 'x'.repeat(41), body: 'hi' },
      { name: 'A', body: 'hi', html: true },
    ]) {
      const res = await pub(app, base, 'POST', `/items/${s.ids[0]}/comments`, ANNA, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    const huge = await pub(app, base, 'POST', `/items/${s.ids[0]}/comments`, ANNA, {
      name: 'A',
      body: 'x'.repeat(20_000),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'too_large' } });
    const bodies = (await json<{ comments: Comment[] }>(pub(app, base, 'GET', `/items/${s.ids[0]}/comments`))).comments;
    expect(bodies.map((c) => c.body)).toEqual(['<script>alert(1)</script> hi', 'hi']);
  });

  it('rate-limits writes per address', async () => {
    const { app } = testApp({
      rateLimits: { token: { limit: 1000, windowMs: 60_000 }, feedback: { limit: 3, windowMs: 60_000 } },
    });
    const s = await share(app);
    const base = ps(s.token);
    // An address of its own: earlier tests' writes counted in the same D1 window.
    const ip = '192.0.2.201';
    const post = (secret: string, body: string, from = ip) =>
      pub(app, base, 'POST', `/items/${s.ids[0]}/comments`, secret, { name: 'A', body }, from);
    for (let i = 0; i < 3; i++) expect((await post(ANNA, `c${i}`)).status).toBe(201);
    const limited = await post(ANNA, 'one more');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await pub(app, base, 'PUT', `/items/${s.ids[0]}/reaction`, BEN, { kind: 'heart' }, ip)).status).toBe(429);
    // Reading is not a write; another address still writes.
    expect((await pub(app, base, 'GET', `/items/${s.ids[0]}/comments`, ANNA, undefined, ip)).status).toBe(200);
    expect((await post(BEN, 'x', '192.0.2.202')).status).toBe(201);
  });

  it('bounds comments per address even across fresh secrets and windows', async () => {
    const { app, clock } = testApp();
    const s = await share(app, { comments: true, reactions: true }, 1);
    const base = ps(s.token);
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) {
      statuses.push(
        (await comment(app, base, s.ids[0]!, `secret-${String(i).padStart(20, '0')}`, 'A', `n${i}`)).status,
      );
      clock.advance(1000);
    }
    expect(statuses.slice(0, 100).every((x) => x === 201)).toBe(true);
    const last = await comment(app, base, s.ids[0]!, ANNA, 'A', 'too many');
    expect(last.status).toBe(409);
    expect(await last.json()).toMatchObject({ error: { code: 'too_many_comments' } });
  });

  it('hides every comment once the link is revoked or expired, and with its item when removed', async () => {
    const { app, clock } = testApp();
    const s = await share(app);
    const base = ps(s.token);
    await comment(app, base, s.ids[0]!, ANNA, 'A', 'hello');
    await call(app, s.owner, 'DELETE', `/api/shares/${s.id}`);
    expect((await pub(app, base, 'GET', `/items/${s.ids[0]}/comments`)).status).toBe(410);
    expect((await pub(app, base, 'GET', '/feedback')).status).toBe(410);
    expect((await comment(app, base, s.ids[0]!, ANNA, 'A', 'again')).status).toBe(410);

    const owner = await makeUser('Owner2');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1)] });
    const link = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {
        expiresAt: new Date(clock.now() + 60_000).toISOString(),
      }),
    );
    await call(app, owner, 'PUT', `/api/shares/${link.share.id}/feedback`, { comments: true, reactions: true });
    const [it1] = (await json<{ items: { id: string }[] }>(app.request(`${ps(link.token)}/items`, {}, env))).items;
    expect((await comment(app, ps(link.token), it1!.id, ANNA, 'A', 'soon gone')).status).toBe(201);
    clock.advance(61_000);
    expect((await pub(app, ps(link.token), 'GET', `/items/${it1!.id}/comments`)).status).toBe(410);
  });

  it('a passcode share takes comments only with the passcode grant', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: [item(1)] });
    const link = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/shares`, { passcode: 'letmein1' }),
    );
    await call(app, owner, 'PUT', `/api/shares/${link.share.id}/feedback`, { comments: true, reactions: true });
    const itemRow = await env.DB.prepare('SELECT id FROM items WHERE collection_id = ?1')
      .bind(col.id)
      .first<{ id: string }>();
    expect((await comment(app, ps(link.token), itemRow!.id, ANNA, 'A', 'hi')).status).toBe(401);
    expect((await pub(app, ps(link.token), 'GET', '/feedback', ANNA)).status).toBe(401);
  });
});

/** An event with one guest's two items, one approved; comments and reactions on. */
async function event(app: App) {
  const organizer = await makeUser('Organizer');
  const guest = await makeUser('Guest');
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
  await call(app, guest, 'POST', `/api/collections/${gcol.id}/items`, { items: [item(1), item(2)] });
  const contribution = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: gcol.id }),
  );
  const queue = await json<{ entries: { itemId: string }[] }>(
    call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`),
  );
  const [approved, pending] = queue.entries.map((e) => e.itemId) as [string, string];
  await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
    decisions: [{ itemId: approved, decision: 'approve' }],
  });
  const set = await json<{ feedback: unknown }>(
    call(app, organizer, 'PUT', `/api/events/${ev.event.id}/feedback`, { comments: true, reactions: true }),
  );
  expect(set.feedback).toEqual({ comments: true, reactions: true });
  return { organizer, guest, ev, contribution: contribution.id, approved, pending };
}

describe('comments and reactions on an event', () => {
  it('only approved items take them; a withdrawn item’s comments are no longer shown; the organizer deletes any', async () => {
    const { app } = testApp();
    const e = await event(app);
    const base = `/api/public/events/${e.ev.token}`;
    expect((await json<{ feedback: unknown }>(app.request(base, {}, env))).feedback).toEqual({
      comments: true,
      reactions: true,
    });
    expect((await comment(app, base, e.pending, ANNA, 'A', 'early')).status).toBe(404);
    expect((await pub(app, base, 'PUT', `/items/${e.pending}/reaction`, ANNA, { kind: 'fire' })).status).toBe(404);
    const c1 = await json<Comment>(comment(app, base, e.approved, ANNA, 'Anna', 'Best party'));
    await pub(app, base, 'PUT', `/items/${e.approved}/reaction`, ANNA, { kind: 'fire' });
    expect((await json<Summary>(pub(app, base, 'GET', '/feedback', BEN))).items[e.approved]).toEqual({
      reactions: { fire: 1 },
      comments: 1,
      mine: null,
    });
    const c2 = await json<Comment>(comment(app, base, e.approved, BEN, 'Ben', 'Agreed'));
    const organizerView = await json<OwnerView>(call(app, e.organizer, 'GET', `/api/events/${e.ev.event.id}/feedback`));
    expect(organizerView.comments.map((c) => c.body)).toEqual(['Agreed', 'Best party']);
    // The guest who contributed is not the organizer.
    expect((await call(app, e.guest, 'DELETE', `/api/events/${e.ev.event.id}/comments/${c2.id}`)).status).toBe(404);
    expect((await call(app, e.organizer, 'DELETE', `/api/events/${e.ev.event.id}/comments/${c2.id}`)).status).toBe(204);

    const withdrawn = await call(app, e.guest, 'POST', `/api/contributions/${e.contribution}/withdraw`, {
      itemIds: [e.approved],
    });
    expect(withdrawn.status).toBe(200);
    expect((await pub(app, base, 'GET', `/items/${e.approved}/comments`)).status).toBe(404);
    expect((await json<Summary>(pub(app, base, 'GET', '/feedback'))).items).toEqual({});
    expect(
      (await json<OwnerView>(call(app, e.organizer, 'GET', `/api/events/${e.ev.event.id}/feedback`))).comments,
    ).toEqual([]);
    expect((await pub(app, base, 'DELETE', `/comments/${c1.id}`, ANNA)).status).toBe(204);
  });
});
