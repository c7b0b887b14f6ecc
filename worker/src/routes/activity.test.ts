import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, testApp } from '../../test/helpers';

// Issue 23: the organizer hears about new contributions: GET /api/activity counts guests' items waiting for a
// decision, per open event, and only for that organizer.

type Activity = { pending: number; events: { eventId: string; title: string; pending: number }[] };
const DAY = 86_400_000;

describe('organizer activity', () => {
  it('counts pending items per open event, drops decided ones, and shows others nothing', async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Olivia');
    const guest = await makeUser('Gus');
    const now = clock.now();
    const ev = await json<{ token: string; event: { id: string } }>(
      call(app, organizer, 'POST', '/api/events', {
        title: 'Ana & Ben',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + DAY).toISOString(),
        expiresAt: new Date(now + 30 * DAY).toISOString(),
      }),
    );
    expect(await json(call(app, organizer, 'GET', '/api/activity'))).toEqual({ pending: 0, events: [] });
    await call(app, guest, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, guest, 'POST', '/api/collections', { title: 'G', kind: 'static' }),
    );
    await call(app, guest, 'POST', `/api/collections/${col.id}/items`, { items: [item(1), item(2), item(3)] });
    await call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: col.id });

    const before = await json<Activity>(call(app, organizer, 'GET', '/api/activity'));
    expect(before).toMatchObject({ pending: 3, events: [{ eventId: ev.event.id, title: 'Ana & Ben', pending: 3 }] });
    const queue = await json<{ entries: { itemId: string; queuedAt: string }[] }>(
      call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`),
    );
    // Each entry says when it joined the queue (the extension's activity list shows "3 minutes ago").
    expect(queue.entries.map((e) => e.queuedAt)).toEqual([1, 2, 3].map(() => new Date(now).toISOString()));
    await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
      decisions: [{ itemId: queue.entries[0]!.itemId, decision: 'approve' }],
    });
    expect((await json<Activity>(call(app, organizer, 'GET', '/api/activity'))).pending).toBe(2);
    // The guest, and anyone else, sees no activity of an event they do not organize.
    expect(await json(call(app, guest, 'GET', '/api/activity'))).toEqual({ pending: 0, events: [] });
    // An expired event asks for nothing any more.
    clock.advance(31 * DAY);
    expect(await json(call(app, organizer, 'GET', '/api/activity'))).toEqual({ pending: 0, events: [] });
  });
});
