import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, seedCollection, testApp, item } from '../../test/helpers';

// The public read path at scale (issue 21): one D1 round trip and no D1 write per read, answers edge-cached under
// the collection/event version so every change is seen on the next request, ETag/304, private answers never
// stored, stats written after the response, and the D1 bookmark carried by the viewer.

interface Calls {
  trips: number;
  writes: string[];
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/** Counts every call that reaches D1 (a batch is one), on the database and on Sessions API sessions alike. */
function countingDb(real: D1Database, calls: Calls): D1Database {
  const sqlOf = new WeakMap<object, string>();
  const stmt = (s: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(t, prop) {
        if (prop === 'bind') return (...a: unknown[]) => stmt(t.bind(...a), sql);
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          return (...a: unknown[]) => {
            calls.trips++;
            if (WRITE.test(sql)) calls.writes.push(sql);
            return (Reflect.get(t, prop) as (...x: unknown[]) => unknown).apply(t, a);
          };
        }
        const v = Reflect.get(t, prop);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    sqlOf.set(p, sql);
    realOf.set(p, s);
    return p;
  };
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const db = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === 'prepare') return (sql: string) => stmt((t as unknown as D1Database).prepare(sql), sql);
        if (prop === 'batch') {
          return (list: D1PreparedStatement[]) => {
            calls.trips++;
            for (const s of list) if (WRITE.test(sqlOf.get(s) ?? '')) calls.writes.push(sqlOf.get(s)!);
            return (t as unknown as D1Database).batch(list.map((s) => realOf.get(s) ?? s));
          };
        }
        if (prop === 'withSession') return (b?: string) => db((t as unknown as D1Database).withSession(b));
        const v = Reflect.get(t, prop);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
  return db(real);
}

async function world() {
  const { app, clock } = testApp();
  const owner = await makeUser('Owner', clock.now());
  const guest = await makeUser('Guest', clock.now());
  const col = await seedCollection(app, owner, 3);
  const open = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col}/shares`, {}),
  );
  const locked = await json<{ token: string }>(
    call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'letmein1' }),
  );
  const unlock = await json<{ unlockToken: string }>(
    call(app, null, 'POST', `/api/public/shares/${locked.token}/unlock`, { passcode: 'letmein1' }),
  );
  const ev = await json<{ token: string; event: { id: string } }>(
    call(app, owner, 'POST', '/api/events', {
      title: 'Wedding',
      startsAt: new Date(clock.now()).toISOString(),
      endsAt: new Date(clock.now() + 86_400_000).toISOString(),
      expiresAt: new Date(clock.now() + 30 * 86_400_000).toISOString(),
    }),
  );
  const guestCol = await seedCollection(app, guest, 2, 'Guest photos');
  const contribution = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: guestCol }),
  );
  return { app, clock, owner, guest, col, guestCol, open, locked, unlock: unlock.unlockToken, ev, contribution };
}

type World = Awaited<ReturnType<typeof world>>;
type Page = { items: { id: string; originalUrl: string }[]; nextCursor: string | null };

async function pendingIds(w: World) {
  const q = await json<{ entries: { itemId: string }[] }>(
    call(w.app, w.owner, 'GET', `/api/events/${w.ev.event.id}/queue?state=pending`),
  );
  return q.entries.map((e) => e.itemId);
}

async function decide(w: World, itemIds: string[], decision: 'approve' | 'reject') {
  const res = await call(w.app, w.owner, 'POST', `/api/events/${w.ev.event.id}/decisions`, {
    decisions: itemIds.map((itemId) => ({ itemId, decision })),
  });
  expect(res.status).toBe(200);
}

describe('public reads at scale', () => {
  it('costs at most one D1 round trip and no D1 write per public read, on every read route', async () => {
    const w = await world();
    await decide(w, await pendingIds(w), 'approve');
    const firstPage = await json<Page>(w.app.request(`/api/public/shares/${w.open.token}/items?limit=2`, {}, env));
    const routes: [string, string, Record<string, string>][] = [
      ['share', `/api/public/shares/${w.open.token}`, {}],
      ['share items', `/api/public/shares/${w.open.token}/items?limit=2`, {}],
      [
        'share items, page 2',
        `/api/public/shares/${w.open.token}/items?limit=2&cursor=${encodeURIComponent(firstPage.nextCursor!)}`,
        {},
      ],
      ['protected share', `/api/public/shares/${w.locked.token}`, { 'x-share-unlock': w.unlock }],
      ['protected share items', `/api/public/shares/${w.locked.token}/items`, { 'x-share-unlock': w.unlock }],
      ['share page', `/s/${w.open.token}`, {}],
      ['event', `/api/public/events/${w.ev.token}`, {}],
      ['event items', `/api/public/events/${w.ev.token}/items`, {}],
      ['event page', `/e/${w.ev.token}`, {}],
    ];
    for (const [label, path, headers] of routes) {
      // Twice: the first answer is fresh, the second may come from the edge cache; both cost one round trip.
      for (const pass of ['fresh', 'repeat']) {
        const calls: Calls = { trips: 0, writes: [] };
        const res = await w.app.request(path, { headers }, { ...env, DB: countingDb(env.DB, calls) });
        expect(res.status, `${label} (${pass})`).toBe(200);
        expect(calls.trips, `${label} (${pass}): D1 round trips`).toBe(1);
        expect(calls.writes, `${label} (${pass}): D1 writes`).toEqual([]);
      }
    }
    // The counter can fail: an owner's publish is several statements in one batch, and it writes.
    const calls: Calls = { trips: 0, writes: [] };
    const res = await w.app.request(
      `/api/collections/${w.col}/items`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${w.owner.bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: [item(51)] }),
      },
      { ...env, DB: countingDb(env.DB, calls) },
    );
    expect(res.status).toBe(200);
    expect(calls.trips).toBeGreaterThan(1);
    expect(calls.writes.length).toBeGreaterThan(0);
  });

  it('serves repeat reads from the edge cache and shows every change on the next request', async () => {
    const w = await world();
    const items = (path: string) => w.app.request(path, {}, env);
    const sharePath = `/api/public/shares/${w.open.token}/items`;
    const first = await items(sharePath);
    expect(first.headers.get('x-edge-cache')).toBe('miss');
    const firstBody = await first.text();
    const again = await items(sharePath);
    expect(again.headers.get('x-edge-cache')).toBe('hit');
    expect(await again.text()).toBe(firstBody);

    // A newly published item: the version moved, so the next request is a fresh answer with it.
    await call(w.app, w.owner, 'POST', `/api/collections/${w.col}/items`, { items: [item(7)] });
    const added = await items(sharePath);
    expect(added.headers.get('x-edge-cache')).toBe('miss');
    expect(((await added.json()) as Page).items).toHaveLength(4);
    expect((await items(sharePath)).headers.get('x-edge-cache')).toBe('hit');

    // Removal (the owner deleted the photo at the source): gone on the next request.
    await call(w.app, w.owner, 'POST', `/api/collections/${w.col}/items/remove`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-7' }],
    });
    expect(((await (await items(sharePath)).json()) as Page).items).toHaveLength(3);

    // Event: a newly approved item shows on the next request, a withdrawn one disappears on the next request.
    const eventPath = `/api/public/events/${w.ev.token}/items`;
    expect(((await (await items(eventPath)).json()) as Page).items).toHaveLength(0);
    expect((await items(eventPath)).headers.get('x-edge-cache')).toBe('hit');
    const [one, two] = await pendingIds(w);
    await decide(w, [one!], 'approve');
    const approved = await items(eventPath);
    expect(approved.headers.get('x-edge-cache')).toBe('miss');
    expect(((await approved.json()) as Page).items.map((i) => i.id)).toEqual([one]);
    await decide(w, [two!], 'approve');
    expect(((await (await items(eventPath)).json()) as Page).items).toHaveLength(2);
    const withdraw = await call(w.app, w.guest, 'POST', `/api/contributions/${w.contribution.id}/withdraw`, {
      itemIds: [one],
    });
    expect(withdraw.status).toBe(200);
    expect(((await (await items(eventPath)).json()) as Page).items.map((i) => i.id)).toEqual([two]);

    // Revocation and expiry: the cached page is never served past them.
    expect((await items(sharePath)).headers.get('x-edge-cache')).toBe('hit');
    await call(w.app, w.owner, 'DELETE', `/api/shares/${w.open.share.id}`);
    expect((await items(sharePath)).status).toBe(410);
    expect((await items(`/s/${w.open.token}`)).status).toBe(410);
    const expiring = await json<{ token: string }>(
      call(w.app, w.owner, 'POST', `/api/collections/${w.col}/shares`, {
        expiresAt: new Date(w.clock.now() + 60_000).toISOString(),
      }),
    );
    const expPath = `/api/public/shares/${expiring.token}/items`;
    expect((await items(expPath)).status).toBe(200);
    expect((await items(expPath)).headers.get('x-edge-cache')).toBe('hit');
    w.clock.advance(60_000);
    expect((await items(expPath)).status).toBe(410);
    await call(w.app, w.owner, 'DELETE', `/api/events/${w.ev.event.id}`);
    expect((await items(eventPath)).status).toBe(410);
  });

  it("stores public answers in the location's Cache API under the collection version, protected ones never", async () => {
    const w = await world();
    const keyOf = async (token: string, version: number) => {
      const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      return `${env.PUBLIC_ORIGIN}/__edge/v1/share-items/${hash}/${version}?v=200%3A`;
    };
    const version = async () =>
      (await env.DB.prepare('SELECT version FROM collections WHERE id = ?1').bind(w.col).first<{ version: number }>())!
        .version;
    const edge = (caches as CacheStorage & { default: Cache }).default;
    const body = await (await w.app.request(`/api/public/shares/${w.open.token}/items`, {}, env)).text();
    const stored = await edge.match(await keyOf(w.open.token, await version()));
    expect(await stored?.text()).toBe(body);
    await w.app.request(`/api/public/shares/${w.locked.token}/items`, { headers: { 'x-share-unlock': w.unlock } }, env);
    expect(await edge.match(await keyOf(w.locked.token, await version()))).toBeUndefined();
  });

  it('answers 304 to a repeat viewer whose ETag is current, and a new ETag after a change', async () => {
    const w = await world();
    for (const path of [
      `/api/public/shares/${w.open.token}/items`,
      `/api/public/shares/${w.open.token}`,
      `/s/${w.open.token}`,
      `/api/public/events/${w.ev.token}`,
    ]) {
      const first = await w.app.request(path, {}, env);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^".+"$/);
      expect(first.headers.get('cache-control'), path).toBe('no-cache');
      const repeat = await w.app.request(path, { headers: { 'if-none-match': etag! } }, env);
      expect(repeat.status, path).toBe(304);
      expect(await repeat.text(), path).toBe('');
      expect(repeat.headers.get('etag'), path).toBe(etag);
    }
    const path = `/api/public/shares/${w.open.token}/items`;
    const etag = (await w.app.request(path, {}, env)).headers.get('etag')!;
    await call(w.app, w.owner, 'PATCH', `/api/collections/${w.col}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-0', placeLabel: 'Siena, Italy' }],
    });
    const changed = await w.app.request(path, { headers: { 'if-none-match': etag } }, env);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // A forged or foreign ETag is just not a match.
    expect((await w.app.request(path, { headers: { 'if-none-match': '"v1.share-items.999"' } }, env)).status).toBe(200);
  });

  it('never caches passcode-protected answers', async () => {
    const w = await world();
    const unlocked = { 'x-share-unlock': w.unlock };
    for (const [path, headers] of [
      [`/api/public/shares/${w.locked.token}/items`, unlocked],
      [`/api/public/shares/${w.locked.token}`, unlocked],
      [`/api/public/shares/${w.locked.token}`, {}],
      [`/s/${w.locked.token}`, {}],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const res = await w.app.request(path, { headers }, env);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('cache-control'), path).toBe('private, no-store');
        expect(res.headers.get('etag'), path).toBeNull();
        expect(res.headers.get('x-edge-cache'), path).toBe('bypass');
      }
    }
    // Without the grant the page of items stays closed, whatever was read before.
    expect((await w.app.request(`/api/public/shares/${w.locked.token}/items`, {}, env)).status).toBe(401);
  });

  it('writes viewer statistics after the response, not on its path', async () => {
    const w = await world();
    const page = await json<Page>(w.app.request(`/api/public/shares/${w.open.token}/items`, {}, env));
    const ctx = createExecutionContext();
    const res = await w.app.request(
      `/api/public/shares/${w.open.token}/stats`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ itemId: page.items[0]!.id, kind: 'viewed' }] }),
      },
      { ...env, D1_METRICS: 'on' },
      ctx,
    );
    expect(res.status).toBe(202);
    // The answer's own D1 cost: the one read, nothing written yet.
    expect(res.headers.get('x-d1-meter')).toMatch(/^trips=1; read=\d+; written=0$/);
    await waitOnExecutionContext(ctx);
    const stats = await json<{ totals: { viewed: number } }>(
      call(w.app, w.owner, 'GET', `/api/shares/${w.open.share.id}/stats`),
    );
    expect(stats.totals.viewed).toBe(1);
  });

  it('runs public reads in a D1 session from the bookmark the viewer sends back', async () => {
    const w = await world();
    const path = `/api/public/shares/${w.open.token}/items`;
    const first = await w.app.request(path, {}, env);
    const bookmark = first.headers.get('x-d1-bookmark');
    // Locally the session is the database itself (no replicas): a bookmark is still issued and accepted.
    expect(bookmark).toBeTruthy();
    const seen: (string | undefined)[] = [];
    const spyEnv = {
      ...env,
      DB: new Proxy(env.DB, {
        get(t, prop) {
          if (prop === 'withSession')
            return (b?: string) => {
              seen.push(b);
              return t.withSession(b);
            };
          const v = Reflect.get(t, prop);
          return typeof v === 'function' ? v.bind(t) : v;
        },
      }),
    };
    expect((await w.app.request(path, { headers: { 'x-d1-bookmark': bookmark! } }, spyEnv)).status).toBe(200);
    expect((await w.app.request(path, { headers: { 'x-d1-bookmark': 'not a bookmark' } }, spyEnv)).status).toBe(200);
    expect((await w.app.request(path, {}, spyEnv)).status).toBe(200);
    expect(seen).toEqual([bookmark, 'first-unconstrained', 'first-unconstrained']);
  });
});
