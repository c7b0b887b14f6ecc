import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from '../../test/helpers';

// Issue 23, per-guest moderation: trust (later items approved on arrival, recorded, revocable), block (pending items
// rejected, new contributions refused), and the live wall's feed. Issue 16 finding 1 still holds for everyone else.

type App = ReturnType<typeof testApp>['app'];
interface Entry {
  itemId: string;
  state: string;
  originalUrl: string;
  changedSinceApproval: boolean;
  autoApproved: boolean;
}
interface Guest {
  contributorId: string;
  name: string;
  pending: number;
  approved: number;
  rejected: number;
  standing: string | null;
  standingSetBy: string | null;
  standingSetAt: string | null;
}
interface Wall {
  title: string;
  mode: string;
  items: { id: string; originalUrl: string; contributorName: string | null }[];
}

const DAY = 86_400_000;
const EVIL = 'https://evil.blob.core.windows.net/c/x.jpg';

async function setUp() {
  const { app, clock } = testApp();
  const organizer = await makeUser('Olivia');
  const now = clock.now();
  const ev = await json<{ token: string; event: { id: string } }>(
    call(app, organizer, 'POST', '/api/events', {
      title: 'Ana & Ben',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + DAY).toISOString(),
      expiresAt: new Date(now + 30 * DAY).toISOString(),
    }),
  );
  return { app, clock, organizer, ev, base: `/api/events/${ev.event.id}` };
}

/** A guest's collection with items first..first+n-1, contributed to the event. */
async function contribute(app: App, guest: TestUser, token: string, first: number, n: number) {
  await call(app, guest, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', { title: `${guest.name}'s`, kind: 'static' }),
  );
  const items = Array.from({ length: n }, (_, k) => item(first + k));
  await call(app, guest, 'POST', `/api/collections/${col.id}/items`, { items });
  const res = await call(app, guest, 'POST', '/api/contributions', { eventToken: token, collectionId: col.id });
  return { col: col.id, res };
}

const queueOf = async (app: App, organizer: TestUser, base: string, state: string) =>
  (await json<{ entries: Entry[] }>(call(app, organizer, 'GET', `${base}/queue?state=${state}`))).entries;
const guestsOf = async (app: App, organizer: TestUser, base: string) =>
  (await json<{ guests: Guest[] }>(call(app, organizer, 'GET', `${base}/guests`))).guests;
const wallOf = (app: App, token: string, headers: Record<string, string> = {}) =>
  app.request(`/api/public/events/${token}/wall`, { headers }, env);
const viewerUrls = async (app: App, token: string) =>
  (
    await json<{ items: { originalUrl: string }[] }>(app.request(`/api/public/events/${token}/items`, {}, env))
  ).items.map((i) => i.originalUrl);

describe('trusting a guest', () => {
  it('approves their later items on arrival, records who trusted them and when, and can be revoked', async () => {
    const { app, clock, organizer, ev, base } = await setUp();
    const gina = await makeUser('Gina');
    const { col } = await contribute(app, gina, ev.token, 1, 2);
    clock.advance(60_000);
    const trusted = await json<{ guest: Guest; results: unknown[] }>(
      call(app, organizer, 'PUT', `${base}/guests/${gina.id}/standing`, { standing: 'trusted' }),
    );
    expect(trusted.guest).toMatchObject({
      name: 'Gina',
      standing: 'trusted',
      standingSetBy: 'Olivia',
      standingSetAt: new Date(clock.now()).toISOString(),
      pending: 2,
    });
    // Items already waiting stay for the organizer; later ones skip the queue and show at once.
    expect(await viewerUrls(app, ev.token)).toEqual([]);
    await call(app, gina, 'POST', `/api/collections/${col}/items`, { items: [item(3)] });
    expect(await viewerUrls(app, ev.token)).toEqual([item(3).originalUrl]);
    const [auto] = await queueOf(app, organizer, base, 'approved');
    expect(auto).toMatchObject({ originalUrl: item(3).originalUrl, autoApproved: true });

    // Trust covers a later version of a trusted guest's item too, and the change is recorded.
    await call(app, gina, 'PATCH', `/api/collections/${col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-3', placeLabel: 'The garden' }],
    });
    expect(await queueOf(app, organizer, base, 'approved')).toMatchObject([{ state: 'approved', autoApproved: true }]);

    // The organizer's own decision replaces trust's mark.
    await call(app, organizer, 'POST', `${base}/guests/${gina.id}/decisions`, { decision: 'approve' });
    const approved = await queueOf(app, organizer, base, 'approved');
    expect(approved.filter((e) => e.autoApproved).map((e) => e.originalUrl)).toEqual([item(3).originalUrl]);

    // Revoked: the next change goes back to the organizer (issue 16, finding 1) and new items wait again.
    const revoked = await json<{ guest: Guest }>(
      call(app, organizer, 'PUT', `${base}/guests/${gina.id}/standing`, { standing: 'none' }),
    );
    expect(revoked.guest).toMatchObject({ standing: null, standingSetBy: null, standingSetAt: null });
    await call(app, gina, 'PATCH', `/api/collections/${col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-3', originalUrl: EVIL }],
    });
    await call(app, gina, 'POST', `/api/collections/${col}/items`, { items: [item(4)] });
    const pending = await queueOf(app, organizer, base, 'pending');
    expect(pending.map((e) => [e.originalUrl, e.changedSinceApproval, e.autoApproved])).toEqual([
      [EVIL, true, false],
      [item(4).originalUrl, false, false],
    ]);
    expect(await viewerUrls(app, ev.token)).toEqual([item(1).originalUrl, item(2).originalUrl]);
    const log = await env.DB.prepare('SELECT standing, set_by AS setBy FROM guest_standing_log ORDER BY id').all();
    expect(log.results).toEqual([
      { standing: 'trusted', setBy: organizer.id },
      { standing: 'none', setBy: organizer.id },
    ]);
  });

  it('lets the organizer reject what trust approved, once; what they approved themselves stays decided', async () => {
    const { app, organizer, ev, base } = await setUp();
    const gina = await makeUser('Gina');
    const { col } = await contribute(app, gina, ev.token, 1, 1);
    await call(app, organizer, 'POST', `${base}/guests/${gina.id}/decisions`, { decision: 'approve' });
    await call(app, organizer, 'PUT', `${base}/guests/${gina.id}/standing`, { standing: 'trusted' });
    await call(app, gina, 'POST', `/api/collections/${col}/items`, { items: [item(2)] });
    const approved = await queueOf(app, organizer, base, 'approved');
    const byTrust = approved.find((e) => e.autoApproved)!;
    const byHand = approved.find((e) => !e.autoApproved)!;
    const decide = async (itemId: string) =>
      (
        await json<{ results: { status: string; state: string; reason: string | null }[] }>(
          call(app, organizer, 'POST', `${base}/decisions`, { decisions: [{ itemId, decision: 'reject' }] }),
        )
      ).results[0];
    expect(await decide(byTrust.itemId)).toMatchObject({ status: 'applied', state: 'rejected' });
    expect(await decide(byTrust.itemId)).toMatchObject({ status: 'rejected', reason: 'already_decided' });
    expect(await decide(byHand.itemId)).toMatchObject({ status: 'rejected', reason: 'already_decided' });
    expect(await viewerUrls(app, ev.token)).toEqual([item(1).originalUrl]);
  });

  it('is only for the event’s own guests, and never for the organizer', async () => {
    const { app, organizer, ev, base } = await setUp();
    const stranger = await makeUser('Sam');
    const unknown = await call(app, organizer, 'PUT', `${base}/guests/${stranger.id}/standing`, {
      standing: 'trusted',
    });
    expect(unknown.status).toBe(404);
    await contribute(app, organizer, ev.token, 1, 1);
    const self = await call(app, organizer, 'PUT', `${base}/guests/${organizer.id}/standing`, { standing: 'blocked' });
    expect(self.status).toBe(400);
    const bad = await call(app, organizer, 'PUT', `${base}/guests/${organizer.id}/standing`, { standing: 'vip' });
    expect(bad.status).toBe(400);
  });
});

describe('blocking a guest', () => {
  it('rejects their pending items, refuses new contributions with a clear error, and rejects what still arrives', async () => {
    const { app, organizer, ev, base } = await setUp();
    const [hugo, gina] = [await makeUser('Hugo'), await makeUser('Gina')];
    const { col } = await contribute(app, hugo, ev.token, 1, 3);
    await contribute(app, gina, ev.token, 10, 1);
    const [first] = await queueOf(app, organizer, `${base}`, 'pending');
    await call(app, organizer, 'POST', `${base}/decisions`, {
      decisions: [{ itemId: first!.itemId, decision: 'approve' }],
    });

    const blocked = await json<{ guest: Guest; results: { status: string; state: string }[] }>(
      call(app, organizer, 'PUT', `${base}/guests/${hugo.id}/standing`, { standing: 'blocked' }),
    );
    expect(blocked.results).toEqual([
      { itemId: expect.any(String), status: 'applied', state: 'rejected', reason: null },
      { itemId: expect.any(String), status: 'applied', state: 'rejected', reason: null },
    ]);
    expect(blocked.guest).toMatchObject({ standing: 'blocked', pending: 0, approved: 1, rejected: 2 });
    // Gina is untouched.
    expect((await guestsOf(app, organizer, base)).find((g) => g.name === 'Gina')).toMatchObject({ pending: 1 });

    const again = await contribute(app, hugo, ev.token, 20, 1);
    expect(again.res.status).toBe(403);
    expect(await again.res.json()).toEqual({
      error: { code: 'guest_blocked', message: 'The organizer of this event does not accept photos from you.' },
    });
    // The collection contributed before the block still syncs: what arrives is rejected, and a changed approved item
    // is rejected rather than queued.
    await call(app, hugo, 'POST', `/api/collections/${col}/items`, { items: [item(4)] });
    await call(app, hugo, 'PATCH', `/api/collections/${col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-1', originalUrl: EVIL }],
    });
    expect(await viewerUrls(app, ev.token)).toEqual([]);
    expect((await guestsOf(app, organizer, base)).find((g) => g.name === 'Hugo')).toMatchObject({
      pending: 0,
      approved: 0,
      rejected: 4,
    });
    // Unblocked, Hugo may contribute again; his items wait for the organizer.
    await call(app, organizer, 'PUT', `${base}/guests/${hugo.id}/standing`, { standing: 'none' });
    expect((await contribute(app, hugo, ev.token, 30, 1)).res.status).toBe(201);
  });
});

describe('the live wall feed', () => {
  it('lists approved items in approval order with names and the wall mode; unchanged, it answers 304', async () => {
    const { app, clock, organizer, ev, base } = await setUp();
    const gina = await makeUser('Gina');
    await contribute(app, gina, ev.token, 1, 3);
    const [a, b, c] = await queueOf(app, organizer, base, 'pending');
    const decide = (id: string, decision: string) =>
      call(app, organizer, 'POST', `${base}/decisions`, { decisions: [{ itemId: id, decision }] });
    await decide(c!.itemId, 'approve');
    clock.advance(1000);
    await decide(a!.itemId, 'approve');
    const first = await wallOf(app, ev.token);
    const wall = await json<Wall>(first.clone());
    expect(wall).toMatchObject({ title: 'Ana & Ben', mode: 'live' });
    expect(wall.items.map((i) => [i.id, i.contributorName])).toEqual([
      [c!.itemId, 'Gina'],
      [a!.itemId, 'Gina'],
    ]);
    const etag = first.headers.get('etag')!;
    expect((await wallOf(app, ev.token, { 'if-none-match': etag })).status).toBe(304);

    clock.advance(1000);
    await decide(b!.itemId, 'reject');
    const afterReject = await wallOf(app, ev.token, { 'if-none-match': etag });
    expect(afterReject.status).toBe(200);
    expect((await json<Wall>(afterReject)).items.map((i) => i.id)).toEqual([c!.itemId, a!.itemId]);

    const paused = await json<{ wallMode: string }>(call(app, organizer, 'PUT', `${base}/wall`, { mode: 'paused' }));
    expect(paused.wallMode).toBe('paused');
    expect((await json<Wall>(wallOf(app, ev.token))).mode).toBe('paused');
    expect((await call(app, gina, 'PUT', `${base}/wall`, { mode: 'hidden' })).status).toBe(404);
  });

  it('serves the wall page at /e/<token>/wall, and 404 for an unknown token', async () => {
    const { app, ev } = await setUp();
    const page = await app.request(`/e/${ev.token}/wall`, {}, env);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Ana &amp; Ben: live wall');
    expect((await app.request(`/e/${'x'.repeat(43)}/wall`, {}, env)).status).toBe(404);
  });
});
