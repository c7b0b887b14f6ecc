import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DECISION_UNDO_MS } from '@hypomos/shared/sharing/approval';
import { call, item, json, makeUser, type TestUser, testApp } from '../../test/helpers';

type App = ReturnType<typeof testApp>['app'];
type Page = { items: { id: string; contributorName: string | null }[]; nextCursor: string | null };

const eventBody = (now: number) => ({
  title: 'Ana & Ben <wedding>',
  startsAt: new Date(now).toISOString(),
  endsAt: new Date(now + 86400_000).toISOString(),
  contributionsEndAt: new Date(now + 14 * 86400_000).toISOString(),
  expiresAt: new Date(now + 90 * 86400_000).toISOString(),
});

async function guestCollection(app: App, guest: TestUser, first: number, n: number) {
  await call(app, guest, 'PUT', '/api/sources/phone', { kind: 'gdrive', name: 'Drive' });
  const col = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', {
      title: `${guest.name} at the wedding`,
      kind: 'dynamic',
      filterSummary: 'Date: the day',
    }),
  );
  const items = Array.from({ length: n }, (_, k) => item(first + k, { sourceId: 'phone' }));
  await call(app, guest, 'POST', `/api/collections/${col.id}/items`, { items });
  return col.id;
}

const viewerItems = async (app: App, token: string) =>
  json<Page>(app.request(`/api/public/events/${token}/items`, {}, env));

describe('events: contributions, approvals, withdrawal', () => {
  it('shows viewers nothing until approval, then exactly the approved items with contributor names; withdrawing removes them', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const [g1, g2] = [await makeUser('Gina'), await makeUser('Hugo')];
    const created = await json<{ token: string; url: string; qrSvgUrl: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', eventBody(clock.now())),
    );
    expect(created.url).toBe(`${env.PUBLIC_ORIGIN}/e/${created.token}`);
    const c1 = await json<{ id: string; counts: { pending: number } }>(
      call(app, g1, 'POST', '/api/contributions', {
        eventToken: created.token,
        collectionId: await guestCollection(app, g1, 0, 4),
      }),
    );
    expect(c1.counts.pending).toBe(4);
    const col2 = await guestCollection(app, g2, 100, 3);
    const c2 = await json<{ id: string }>(
      call(app, g2, 'POST', '/api/contributions', { eventToken: created.token, collectionId: col2 }),
    );
    // A guest cannot contribute someone else's collection.
    expect(
      (await call(app, g1, 'POST', '/api/contributions', { eventToken: created.token, collectionId: col2 })).status,
    ).toBe(404);

    expect((await viewerItems(app, created.token)).items).toEqual([]);
    expect(await json(app.request(`/api/public/events/${created.token}`, {}, env))).toMatchObject({
      itemCount: 0,
      acceptingContributions: true,
    });

    const queue = await json<{ entries: { itemId: string; contributorName: string; state: string }[] }>(
      call(app, organizer, 'GET', `/api/events/${created.event.id}/queue`),
    );
    expect(queue.entries).toHaveLength(7);
    const gina = queue.entries.filter((e) => e.contributorName === 'Gina').map((e) => e.itemId);
    const hugo = queue.entries.filter((e) => e.contributorName === 'Hugo').map((e) => e.itemId);
    const decided = await json<{
      results: { itemId: string; status: string; state: string | null; reason: string | null }[];
    }>(
      call(app, organizer, 'POST', `/api/events/${created.event.id}/decisions`, {
        decisions: [
          ...gina.slice(0, 3).map((itemId) => ({ itemId, decision: 'approve' })),
          { itemId: gina[3], decision: 'reject' },
          { itemId: hugo[0], decision: 'approve' },
          { itemId: gina[0], decision: 'reject' },
          { itemId: 'unknown-item-id', decision: 'approve' },
        ],
      }),
    );
    expect(decided.results.map((r) => [r.status, r.state, r.reason])).toEqual([
      ['applied', 'approved', null],
      ['applied', 'approved', null],
      ['applied', 'approved', null],
      ['applied', 'rejected', null],
      ['applied', 'approved', null],
      ['rejected', 'approved', 'already_decided'],
      ['rejected', null, 'not_found'],
    ]);
    // Each contributor reads the organizer's decisions back, item by item (and only for their own contribution).
    const states = async (who: TestUser, id: string) =>
      Object.fromEntries(
        (
          await json<{ items: { itemId: string; state: string }[] }>(
            call(app, who, 'GET', `/api/contributions/${id}/items`),
          )
        ).items.map((i) => [i.itemId, i.state]),
      );
    expect(await states(g1, c1.id)).toEqual({
      [gina[0]!]: 'approved',
      [gina[1]!]: 'approved',
      [gina[2]!]: 'approved',
      [gina[3]!]: 'rejected',
    });
    expect(Object.values(await states(g2, c2.id)).sort()).toEqual(['approved', 'pending', 'pending']);
    expect((await call(app, g2, 'GET', `/api/contributions/${c1.id}/items`)).status).toBe(404);
    const seen = await viewerItems(app, created.token);
    expect(seen.items.map((i) => i.id).sort()).toEqual([...gina.slice(0, 3), hugo[0]].sort());
    expect(new Set(seen.items.map((i) => i.contributorName))).toEqual(new Set(['Gina', 'Hugo']));

    // Gina withdraws one approved item; Hugo withdraws his whole contribution.
    const w1 = await json<{ results: { status: string }[] }>(
      call(app, g1, 'POST', `/api/contributions/${c1.id}/withdraw`, { itemIds: [gina[0], hugo[1]] }),
    );
    expect(w1.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    const w2 = await json<{ contribution: { withdrawn: boolean; counts: { withdrawn: number } } }>(
      call(app, g2, 'POST', `/api/contributions/${c2.id}/withdraw`, {}),
    );
    expect(w2.contribution).toMatchObject({ withdrawn: true, counts: { withdrawn: 3 } });
    expect((await viewerItems(app, created.token)).items.map((i) => i.id).sort()).toEqual(gina.slice(1, 3).sort());
    // Withdrawn is final, even for the organizer.
    const late = await json<{ results: { reason: string }[] }>(
      call(app, organizer, 'POST', `/api/events/${created.event.id}/decisions`, {
        decisions: [{ itemId: gina[0], decision: 'approve' }],
      }),
    );
    expect(late.results[0]!.reason).toBe('withdrawn');
  });

  it('counts pending items per guest, filters the queue by guest, and decides all of one guest at once', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const [gina, hugo] = [await makeUser('Gina'), await makeUser('Hugo')];
    const ev = await json<{ token: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', eventBody(clock.now())),
    );
    for (const [g, first, n] of [
      [gina, 0, 4],
      [hugo, 100, 2],
    ] as const)
      await call(app, g, 'POST', '/api/contributions', {
        eventToken: ev.token,
        collectionId: await guestCollection(app, g, first, n),
      });
    const base = `/api/events/${ev.event.id}`;
    const guests = await json<{ guests: { contributorId: string; name: string; pending: number }[] }>(
      call(app, organizer, 'GET', `${base}/guests`),
    );
    expect(guests.guests.map((g) => [g.name, g.pending])).toEqual([
      ['Gina', 4],
      ['Hugo', 2],
    ]);
    const hugoQueue = await json<{ entries: { contributorName: string }[] }>(
      call(app, organizer, 'GET', `${base}/queue?contributorId=${hugo.id}`),
    );
    expect(hugoQueue.entries.map((e) => e.contributorName)).toEqual(['Hugo', 'Hugo']);

    const bulk = await json<{ results: { status: string; state: string }[] }>(
      call(app, organizer, 'POST', `${base}/guests/${gina.id}/decisions`, { decision: 'approve' }),
    );
    expect(bulk.results.map((r) => r.state)).toEqual(['approved', 'approved', 'approved', 'approved']);
    expect((await viewerItems(app, ev.token)).items.map((i) => i.contributorName)).toEqual(Array(4).fill('Gina'));
    // Hugo's items are untouched, and another organizer's guest id decides nothing here.
    await call(app, organizer, 'POST', `${base}/guests/${hugo.id}/decisions`, { decision: 'reject' });
    const after = await json<{ guests: { name: string; pending: number; approved: number; rejected: number }[] }>(
      call(app, organizer, 'GET', `${base}/guests`),
    );
    expect(after.guests.map((g) => [g.name, g.pending, g.approved, g.rejected])).toEqual([
      ['Gina', 0, 4, 0],
      ['Hugo', 0, 0, 2],
    ]);
    // A bulk decision for someone with nothing pending applies nothing.
    const none = await json<{ results: unknown[] }>(
      call(app, organizer, 'POST', `${base}/guests/${gina.id}/decisions`, { decision: 'reject' }),
    );
    expect(none.results).toEqual([]);
  });

  it('undoes an approval or a rejection within the undo window only: the item waits again, and viewers stop seeing it', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer', clock.now());
    const gina = await makeUser('Gina', clock.now());
    const ev = await json<{ token: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', eventBody(clock.now())),
    );
    await call(app, gina, 'POST', '/api/contributions', {
      eventToken: ev.token,
      collectionId: await guestCollection(app, gina, 0, 2),
    });
    const base = `/api/events/${ev.event.id}`;
    const queue = await json<{ entries: { itemId: string }[] }>(call(app, organizer, 'GET', `${base}/queue`));
    const [a, b] = queue.entries.map((e) => e.itemId) as [string, string];
    const decide = (decisions: { itemId: string; decision: string }[]) =>
      json<{ results: { status: string; state: string | null; reason: string | null }[] }>(
        call(app, organizer, 'POST', `${base}/decisions`, { decisions }),
      );
    await decide([
      { itemId: a, decision: 'approve' },
      { itemId: b, decision: 'reject' },
    ]);
    expect((await viewerItems(app, ev.token)).items).toHaveLength(1);

    clock.advance(DECISION_UNDO_MS - 1000);
    const undone = await decide([
      { itemId: a, decision: 'reopen' },
      { itemId: b, decision: 'reopen' },
    ]);
    expect(undone.results.map((r) => r.state)).toEqual(['pending', 'pending']);
    expect((await viewerItems(app, ev.token)).items).toHaveLength(0);

    await decide([{ itemId: a, decision: 'approve' }]);
    clock.advance(DECISION_UNDO_MS + 1);
    const late = await decide([{ itemId: a, decision: 'reopen' }]);
    expect(late.results).toEqual([
      expect.objectContaining({ status: 'rejected', state: 'approved', reason: 'undo_expired' }),
    ]);
    expect((await viewerItems(app, ev.token)).items).toHaveLength(1);
  });

  it('queues new items of a contributed dynamic collection as pending; deleted items leave the event', async () => {
    const { app } = testApp();
    const organizer = await makeUser('Organizer');
    const guest = await makeUser('Gina');
    const { token, event } = await json<{ token: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', eventBody(Date.parse('2026-06-01T12:00:00Z'))),
    );
    const col = await guestCollection(app, guest, 0, 2);
    await call(app, guest, 'POST', '/api/contributions', { eventToken: token, collectionId: col });
    await call(app, guest, 'POST', `/api/collections/${col}/items`, { items: [item(50, { sourceId: 'phone' })] });
    const q = await json<{ entries: { itemId: string }[] }>(
      call(app, organizer, 'GET', `/api/events/${event.id}/queue?state=pending`),
    );
    expect(q.entries).toHaveLength(3);
    await call(app, organizer, 'POST', `/api/events/${event.id}/decisions`, {
      decisions: q.entries.map((e) => ({ itemId: e.itemId, decision: 'approve' })),
    });
    expect((await viewerItems(app, token)).items).toHaveLength(3);
    await call(app, guest, 'POST', `/api/collections/${col}/items/remove`, {
      items: [{ sourceId: 'phone', sourceItemId: 'item-50' }],
    });
    expect((await viewerItems(app, token)).items).toHaveLength(2);
  });

  it('closes contributions after their end and hides the event after expiry', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const guest = await makeUser('Gina');
    const { token } = await json<{ token: string }>(
      call(app, organizer, 'POST', '/api/events', eventBody(clock.now())),
    );
    const col = await guestCollection(app, guest, 0, 1);
    clock.advance(14 * 86400_000);
    const closed = await call(app, guest, 'POST', '/api/contributions', { eventToken: token, collectionId: col });
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ error: { code: 'contributions_closed' } });
    expect(await json(app.request(`/api/public/events/${token}`, {}, env))).toMatchObject({
      acceptingContributions: false,
    });
    clock.advance(90 * 86400_000);
    expect((await app.request(`/api/public/events/${token}/items`, {}, env)).status).toBe(410);
    const page = await app.request(`/e/${token}`, {}, env);
    expect(page.status).toBe(410);
  });

  it('draws the event link as a QR code in SVG and in a valid PNG', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const { token } = await json<{ token: string }>(
      call(app, organizer, 'POST', '/api/events', eventBody(clock.now())),
    );
    const svg = await app.request(`/api/public/events/${token}/qr.svg`, {}, env);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1".*<path d="M/);
    const png = new Uint8Array(await (await app.request(`/api/public/events/${token}/qr.png`, {}, env)).arrayBuffer());
    expect([...png.slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer);
    const width = view.getUint32(16);
    expect(width % 8).toBe(0);
    expect(width).toBeGreaterThanOrEqual(8 * 25);
    // Inflate IDAT back and check a dark finder-pattern module at the top-left (after the 2-module border).
    const idatLen = view.getUint32(33);
    const idat = png.slice(41, 41 + idatLen);
    const raw = new Uint8Array(
      await new Response(new Response(idat).body!.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer(),
    );
    expect(raw.length).toBe((width + 1) * width);
    const px = (x: number, y: number) => raw[y * (width + 1) + 1 + x];
    expect(px(0, 0)).toBe(255);
    expect(px(2 * 8 + 1, 2 * 8 + 1)).toBe(0);
    expect((await app.request(`/api/public/events/${'x'.repeat(43)}/qr.png`, {}, env)).status).toBe(404);
  });
});
