import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, seedCollection, testApp } from '../../test/helpers';

describe('collections: publish, patch, remove, replace', () => {
  it('publishes idempotently by source item id with one result per item', async () => {
    const { app } = testApp();
    const owner = await makeUser('Ada');
    const id = await seedCollection(app, owner, 3);
    const again = await json<{ results: { status: string; reason: string | null }[]; itemCount: number }>(
      call(app, owner, 'POST', `/api/collections/${id}/items`, {
        items: [item(0, { placeLabel: 'Siena' }), item(3), { sourceId: 'od1' }, item(3), item(9, { sourceId: 'nope' })],
      }),
    );
    expect(again.results.map((r) => [r.status, r.reason])).toEqual([
      ['updated', null],
      ['created', null],
      ['rejected', 'invalid'],
      ['rejected', 'duplicate_in_request'],
      ['rejected', 'unknown_source'],
    ]);
    expect(again.itemCount).toBe(4);
    const page = await json<{ items: { sourceItemId: string; placeLabel: string }[] }>(
      call(app, owner, 'GET', `/api/collections/${id}/items`),
    );
    expect(page.items).toHaveLength(4);
    expect(page.items[0]).toMatchObject({ sourceItemId: 'item-0', placeLabel: 'Siena' });
  });

  it('patches only the given fields and reports unknown items', async () => {
    const { app } = testApp();
    const owner = await makeUser('Ada');
    const id = await seedCollection(app, owner, 2);
    const r = await json<{ results: { status: string; reason: string | null }[] }>(
      call(app, owner, 'PATCH', `/api/collections/${id}/items`, {
        items: [
          { sourceId: 'od1', sourceItemId: 'item-1', placeLabel: null },
          { sourceId: 'od1', sourceItemId: 'ghost', width: 3 },
        ],
      }),
    );
    expect(r.results.map((x) => x.reason)).toEqual([null, 'not_found']);
    const page = await json<{ items: { sourceItemId: string; placeLabel: string | null; width: number }[] }>(
      call(app, owner, 'GET', `/api/collections/${id}/items`),
    );
    expect(page.items[1]).toMatchObject({ sourceItemId: 'item-1', placeLabel: null, width: 4000 });
  });

  it('removes items and replaces the whole collection by generation', async () => {
    const { app } = testApp();
    const owner = await makeUser('Ada');
    const id = await seedCollection(app, owner, 5);
    const removed = await json<{ results: { status: string }[]; itemCount: number }>(
      call(app, owner, 'POST', `/api/collections/${id}/items/remove`, {
        items: [
          { sourceId: 'od1', sourceItemId: 'item-4' },
          { sourceId: 'od1', sourceItemId: 'x' },
        ],
      }),
    );
    expect(removed.results.map((x) => x.status)).toEqual(['removed', 'rejected']);
    expect(removed.itemCount).toBe(4);
    const { generation } = await json<{ generation: number }>(
      call(app, owner, 'POST', `/api/collections/${id}/replace`),
    );
    await call(app, owner, 'POST', `/api/collections/${id}/items`, { items: [item(0), item(7)], generation });
    const stale = await call(app, owner, 'POST', `/api/collections/${id}/items`, {
      items: [item(8)],
      generation: generation - 1,
    });
    expect(stale.status).toBe(409);
    const done = await json<{ removed: number; itemCount: number }>(
      call(app, owner, 'POST', `/api/collections/${id}/replace/${generation}/commit`),
    );
    expect(done).toEqual({ removed: 3, itemCount: 2 });
  });

  it('caps a collection at 10,000 items', { timeout: 120_000 }, async () => {
    const { app } = testApp();
    const owner = await makeUser('Ada');
    const id = await seedCollection(app, owner, 10_000);
    const r = await json<{ results: { status: string; reason: string | null }[]; itemCount: number }>(
      call(app, owner, 'POST', `/api/collections/${id}/items`, { items: [item(5), item(10_001)] }),
    );
    expect(r.results.map((x) => x.reason)).toEqual([null, 'collection_full']);
    expect(r.itemCount).toBe(10_000);
  });

  it('refuses oversized batches and bodies, wrong types, in the common error shape', async () => {
    const { app } = testApp();
    const owner = await makeUser('Ada');
    const id = await seedCollection(app, owner, 1);
    const tooMany = await call(app, owner, 'POST', `/api/collections/${id}/items`, {
      items: Array.from({ length: 501 }, (_, i) => item(i)),
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const huge = await call(app, owner, 'POST', `/api/collections/${id}/items`, {
      items: [item(1, { placeLabel: 'x'.repeat(1_100_000) })],
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'too_large' } });
    const wrong = await call(app, owner, 'POST', '/api/collections', { title: 5, kind: 'static' });
    expect(wrong.status).toBe(400);
    const unknown = await call(app, owner, 'GET', '/api/collections/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
