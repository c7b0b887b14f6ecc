import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from './helpers';

// Fault suite (issue 9), D1 side: a constraint error injected in the middle of a publish batch and of a bulk
// approval batch (a D1 trigger that aborts one statement), and a retried request racing its original. For each,
// the request answers in the common error shape with nothing half-written, and a retry reaches exactly the state
// of a run without the fault (snapshots of D1 compared, ids aside).

type App = ReturnType<typeof testApp>['app'];

/** The collection as D1 holds it, by source item id, without generated ids and timestamps. */
async function collectionSnapshot(collectionId: string) {
  const items = await env.DB.prepare(
    'SELECT source_id, source_item_id, media_type, captured_at, width, height, original_url, thumbnail_url, content_hash FROM items WHERE collection_id = ?1 ORDER BY source_id, source_item_id',
  )
    .bind(collectionId)
    .all();
  const count = await env.DB.prepare('SELECT item_count FROM collections WHERE id = ?1')
    .bind(collectionId)
    .first<{ item_count: number }>();
  return { itemCount: count!.item_count, items: items.results };
}

async function approvalSnapshot(eventId: string) {
  const rows = await env.DB.prepare(
    'SELECT i.source_item_id, a.state FROM approvals a JOIN items i ON i.id = a.item_id WHERE a.event_id = ?1 ORDER BY i.source_item_id',
  )
    .bind(eventId)
    .all<{ source_item_id: string; state: string }>();
  return rows.results;
}

async function inject(sql: string) {
  await env.DB.prepare(sql).run();
}

async function newCollection(app: App, owner: TestUser, title: string) {
  await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  return (await json<{ id: string }>(call(app, owner, 'POST', '/api/collections', { title, kind: 'static' }))).id;
}

const batch = Array.from({ length: 40 }, (_, i) => item(i));

describe('faults: D1 constraint errors mid-batch', () => {
  it('a publish batch that hits a constraint error answers 409 conflict, writes nothing, and a retry converges', {
    timeout: 30_000,
  }, async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const clean = await newCollection(app, owner, 'No fault');
    expect((await call(app, owner, 'POST', `/api/collections/${clean}/items`, { items: batch })).status).toBe(200);
    const expected = await collectionSnapshot(clean);
    expect(expected.itemCount).toBe(40);

    const faulty = await newCollection(app, owner, 'Fault');
    await call(app, owner, 'POST', `/api/collections/${faulty}/items`, { items: batch.slice(0, 5) });
    const before = await collectionSnapshot(faulty);
    // The 31st insert of the batch fails as a conflicting concurrent writer's row would make it fail.
    await inject(
      "CREATE TRIGGER fault_items BEFORE INSERT ON items WHEN NEW.source_item_id = 'item-30' BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: items.collection_id, items.source_id, items.source_item_id'); END",
    );
    const res = await call(app, owner, 'POST', `/api/collections/${faulty}/items`, { items: batch });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
    expect(await collectionSnapshot(faulty)).toEqual(before);

    await inject('DROP TRIGGER fault_items');
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await call(app, owner, 'POST', `/api/collections/${faulty}/items`, { items: batch })).status).toBe(200);
      expect(await collectionSnapshot(faulty)).toEqual(expected);
    }
  });

  it('a bulk approval that hits a constraint error leaves every decision undone, and a retry converges', {
    timeout: 30_000,
  }, async () => {
    const { app, clock } = testApp();
    const organizer = await makeUser('Organizer');
    const guest = await makeUser('Guest');
    const col = await newCollection(app, guest, 'Mine');
    await call(app, guest, 'POST', `/api/collections/${col}/items`, { items: batch.slice(0, 12) });
    const now = clock.now();
    const world = async () => {
      const ev = await json<{ token: string; event: { id: string } }>(
        call(app, organizer, 'POST', '/api/events', {
          title: 'E',
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 86400_000).toISOString(),
          expiresAt: new Date(now + 30 * 86400_000).toISOString(),
        }),
      );
      await call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: col });
      const queue = await json<{ entries: { itemId: string }[] }>(
        call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`),
      );
      const ids = queue.entries.map((e) => e.itemId).sort();
      const decisions = ids.map((itemId, k) => ({ itemId, decision: k % 3 === 0 ? 'reject' : 'approve' }));
      return { ev, decisions };
    };
    const decide = (eventId: string, decisions: unknown) =>
      call(app, organizer, 'POST', `/api/events/${eventId}/decisions`, { decisions });

    const clean = await world();
    expect((await decide(clean.ev.event.id, clean.decisions)).status).toBe(200);
    const expected = await approvalSnapshot(clean.ev.event.id);
    expect(expected.filter((r) => r.state === 'approved')).toHaveLength(8);

    const faulty = await world();
    const before = await approvalSnapshot(faulty.ev.event.id);
    await inject(
      "CREATE TRIGGER fault_approvals BEFORE UPDATE ON approvals WHEN NEW.state = 'rejected' BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: injected'); END",
    );
    const res = await decide(faulty.ev.event.id, faulty.decisions);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict' } });
    // The approvals ran before the failing rejections in the same batch; none of them stuck.
    expect(await approvalSnapshot(faulty.ev.event.id)).toEqual(before);
    expect(
      (await json<{ items: unknown[] }>(app.request(`/api/public/events/${faulty.ev.token}/items`, {}, env))).items,
    ).toEqual([]);

    await inject('DROP TRIGGER fault_approvals');
    expect((await decide(faulty.ev.event.id, faulty.decisions)).status).toBe(200);
    expect(await approvalSnapshot(faulty.ev.event.id)).toEqual(expected);
    // Retrying an already applied batch changes nothing: each decision is refused as already decided.
    const again = await json<{ results: { status: string; reason: string | null }[] }>(
      decide(faulty.ev.event.id, faulty.decisions),
    );
    expect(new Set(again.results.map((r) => r.reason))).toEqual(new Set(['already_decided']));
    expect(await approvalSnapshot(faulty.ev.event.id)).toEqual(expected);
  });

  it('a retried publish racing its original stores every item once', { timeout: 30_000 }, async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const clean = await newCollection(app, owner, 'No fault');
    await call(app, owner, 'POST', `/api/collections/${clean}/items`, { items: batch });
    const raced = await newCollection(app, owner, 'Raced');
    const answers = await Promise.all(
      [0, 1, 2].map(() => call(app, owner, 'POST', `/api/collections/${raced}/items`, { items: batch })),
    );
    // Each answer is a success or a clean conflict; whichever, a final retry converges.
    for (const a of answers) expect([200, 409]).toContain(a.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect((await call(app, owner, 'POST', `/api/collections/${raced}/items`, { items: batch })).status).toBe(200);
    expect(await collectionSnapshot(raced)).toEqual(await collectionSnapshot(clean));
  });
});
