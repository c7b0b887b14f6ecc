import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from '../../test/helpers';

// Issue 16 finding 1: an approved item whose viewer-visible fields change goes back to the organizer, in the same
// batch as the change, by every write path (patch, re-publish, replace); after the contribution window a
// contributor may only withdraw.

type App = ReturnType<typeof testApp>['app'];
interface Entry {
  itemId: string;
  state: string;
  originalUrl: string;
  changedSinceApproval: boolean;
  approved: { originalUrl: string; thumbnailUrl: string | null; placeLabel: string | null } | null;
}

const DAY = 86_400_000;

async function setUp(opts: { contributor?: 'guest' | 'organizer' } = {}) {
  const { app, clock } = testApp();
  const organizer = await makeUser('Organizer');
  const guest = opts.contributor === 'organizer' ? organizer : await makeUser('Gina');
  const now = clock.now();
  const ev = await json<{ token: string; event: { id: string } }>(
    call(app, organizer, 'POST', '/api/events', {
      title: 'Party',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + DAY).toISOString(),
      contributionsEndAt: new Date(now + 2 * DAY).toISOString(),
      expiresAt: new Date(now + 30 * DAY).toISOString(),
    }),
  );
  await call(app, guest, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', { title: 'Mine', kind: 'static' }),
  );
  await call(app, guest, 'POST', `/api/collections/${col.id}/items`, { items: [item(1), item(2)] });
  await call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: col.id });
  const queue = await json<{ entries: Entry[] }>(call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`));
  await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
    decisions: queue.entries.map((e) => ({ itemId: e.itemId, decision: 'approve' })),
  });
  return { app, clock, organizer, guest, ev, col: col.id };
}

const publicUrls = async (app: App, token: string) =>
  (
    await json<{ items: { originalUrl: string }[] }>(app.request(`/api/public/events/${token}/items`, {}, env))
  ).items.map((i) => i.originalUrl);

const queueOf = async (app: App, organizer: TestUser, eventId: string, state: string) =>
  (await json<{ entries: Entry[] }>(call(app, organizer, 'GET', `/api/events/${eventId}/queue?state=${state}`)))
    .entries;

const EVIL = 'https://evil.blob.core.windows.net/c/x.jpg';

describe('an approved contribution cannot be changed behind the organizer', () => {
  it('a PATCH of a viewer-visible field returns the item to pending, changed since approval, with before and after', async () => {
    const { app, organizer, guest, ev, col } = await setUp();
    expect(await publicUrls(app, ev.token)).toEqual([item(1).originalUrl, item(2).originalUrl]);
    const patched = await call(app, guest, 'PATCH', `/api/collections/${col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-1', originalUrl: EVIL, placeLabel: 'Elsewhere' }],
    });
    expect(patched.status).toBe(200);
    expect(await publicUrls(app, ev.token)).toEqual([item(2).originalUrl]);
    const [changed] = await queueOf(app, organizer, ev.event.id, 'pending');
    expect(changed).toMatchObject({
      state: 'pending',
      originalUrl: EVIL,
      changedSinceApproval: true,
      approved: { originalUrl: item(1).originalUrl, placeLabel: 'Florence, Italy' },
      changes: [
        { field: 'placeLabel', approved: 'Florence, Italy', now: 'Elsewhere' },
        { field: 'originalUrl', approved: item(1).originalUrl, now: EVIL },
      ],
    });
    // Approving again publishes the new version and clears the mark.
    await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
      decisions: [{ itemId: changed!.itemId, decision: 'approve' }],
    });
    expect(await publicUrls(app, ev.token)).toEqual([EVIL, item(2).originalUrl]);
    const approved = await queueOf(app, organizer, ev.event.id, 'approved');
    expect(approved.map((e) => e.changedSinceApproval)).toEqual([false, false]);
  });

  it('re-publishing with a new link and a replace do the same; re-publishing the same fields changes nothing', async () => {
    const { app, organizer, guest, ev, col } = await setUp();
    await call(app, guest, 'POST', `/api/collections/${col}/items`, { items: [item(1), item(2)] });
    expect(await publicUrls(app, ev.token)).toHaveLength(2);
    await call(app, guest, 'POST', `/api/collections/${col}/items`, { items: [item(1, { thumbnailUrl: EVIL })] });
    expect(await publicUrls(app, ev.token)).toEqual([item(2).originalUrl]);
    const { generation } = await json<{ generation: number }>(
      call(app, guest, 'POST', `/api/collections/${col}/replace`),
    );
    await call(app, guest, 'POST', `/api/collections/${col}/items`, {
      generation,
      items: [item(1, { thumbnailUrl: EVIL }), item(2, { mediaType: 'video', originalUrl: EVIL })],
    });
    await call(app, guest, 'POST', `/api/collections/${col}/replace/${generation}/commit`);
    expect(await publicUrls(app, ev.token)).toEqual([]);
    expect((await queueOf(app, organizer, ev.event.id, 'pending')).map((e) => e.changedSinceApproval)).toEqual([
      true,
      true,
    ]);
  });

  it('a refreshed link of the organizer’s own contribution stays approved in their own event', async () => {
    const { app, organizer, ev, col } = await setUp({ contributor: 'organizer' });
    await call(app, organizer, 'PATCH', `/api/collections/${col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-1', originalUrl: `${item(1).originalUrl}&fresh=1` }],
    });
    expect(await publicUrls(app, ev.token)).toEqual([`${item(1).originalUrl}&fresh=1`, item(2).originalUrl]);
  });

  it('after the contribution window a contributor may only withdraw', async () => {
    const { app, clock, guest, ev, col } = await setUp();
    clock.advance(3 * DAY);
    const patched = await json<{ results: { status: string; reason: string | null }[] }>(
      call(app, guest, 'PATCH', `/api/collections/${col}/items`, {
        items: [{ sourceId: 'od1', sourceItemId: 'item-1', originalUrl: EVIL }],
      }),
    );
    expect(patched.results).toEqual([expect.objectContaining({ status: 'rejected', reason: 'contributions_closed' })]);
    const republished = await json<{ results: { status: string; reason: string | null }[] }>(
      call(app, guest, 'POST', `/api/collections/${col}/items`, { items: [item(1), item(2, { originalUrl: EVIL })] }),
    );
    // The unchanged item is accepted as a no-op; the changed one is refused.
    expect(republished.results.map((r) => r.reason)).toEqual([null, 'contributions_closed']);
    expect(await publicUrls(app, ev.token)).toEqual([item(1).originalUrl, item(2).originalUrl]);
    const contributions = await json<{ contributions: { id: string }[] }>(
      call(app, guest, 'GET', '/api/contributions'),
    );
    const withdrawn = await call(
      app,
      guest,
      'POST',
      `/api/contributions/${contributions.contributions[0]!.id}/withdraw`,
      {},
    );
    expect(withdrawn.status).toBe(200);
    expect(await publicUrls(app, ev.token)).toEqual([]);
  });
});
