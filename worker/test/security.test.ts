import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, type TestUser, testApp } from './helpers';

// Security suite (issue 9) for what the route tests and the authorization matrix do not already prove:
// token strength, guessing limits on event look-ups, unapproved items unreachable by every route, and a D1 scan
// for provider credentials and image bytes after publishing.

type App = ReturnType<typeof testApp>['app'];
const b64urlBytes = (t: string) => Buffer.from(t, 'base64url').length;

const eventBody = (now: number) => ({
  title: 'Party',
  startsAt: new Date(now).toISOString(),
  endsAt: new Date(now + 86400_000).toISOString(),
  expiresAt: new Date(now + 90 * 86400_000).toISOString(),
});

/** An event with one guest's three items: one approved, one rejected, one still pending. */
async function eventWorld(app: App, now: number) {
  const organizer = await makeUser('Organizer');
  const guest = await makeUser('Guest');
  const other = await makeUser('Other');
  await call(app, guest, 'PUT', '/api/sources/phone', { kind: 'gdrive', name: 'Drive' });
  const col = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/collections', { title: 'Mine', kind: 'static' }),
  );
  const items = [0, 1, 2].map((i) =>
    item(i, {
      sourceId: 'phone',
      sourceItemId: `secret-src-${i}`,
      originalUrl: `https://drive.usercontent.google.com/download?id=original-${i}`,
      thumbnailUrl: `https://drive.google.com/thumbnail?id=thumb-${i}`,
    }),
  );
  await call(app, guest, 'POST', `/api/collections/${col.id}/items`, { items });
  const ev = await json<{ token: string; event: { id: string } }>(
    call(app, organizer, 'POST', '/api/events', eventBody(now)),
  );
  const contribution = await json<{ id: string }>(
    call(app, guest, 'POST', '/api/contributions', { eventToken: ev.token, collectionId: col.id }),
  );
  expect(contribution.id).toBeTruthy();
  const queue = await json<{ entries: { itemId: string; originalUrl?: string }[] }>(
    call(app, organizer, 'GET', `/api/events/${ev.event.id}/queue`),
  );
  const ids = queue.entries.map((e) => e.itemId);
  expect(ids).toHaveLength(3);
  const [approved, rejected, pending] = ids as [string, string, string];
  await call(app, organizer, 'POST', `/api/events/${ev.event.id}/decisions`, {
    decisions: [
      { itemId: approved, decision: 'approve' },
      { itemId: rejected, decision: 'reject' },
    ],
  });
  return { organizer, guest, other, col: col.id, ev, approved, hidden: [rejected, pending] };
}

/** Everything of an item a route could leak: its id, its source id and both delegated links. */
async function markersOf(itemId: string): Promise<string[]> {
  const row = await env.DB.prepare('SELECT id, source_item_id, original_url, thumbnail_url FROM items WHERE id = ?1')
    .bind(itemId)
    .first<Record<string, string>>();
  expect(row).not.toBeNull();
  return Object.values(row!).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

async function bodyOf(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  return type.includes('image/png') ? '' : await res.text();
}

describe('security: tokens', () => {
  it('mints share and event tokens of at least 128 random bits, all distinct, looked up only by hash', {
    timeout: 30_000,
  }, async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      tokens.push(
        (await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col.id}/shares`, {}))).token,
      );
      tokens.push(
        (await json<{ token: string }>(call(app, owner, 'POST', '/api/events', eventBody(clock.now())))).token,
      );
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(b64urlBytes(t)).toBeGreaterThanOrEqual(16);
    }
    // A token that differs from a real one in its last character is a different, unknown token.
    const real = tokens[0]!;
    const near = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    expect((await app.request(`/api/public/shares/${near}`, {}, env)).status).toBe(404);
    const stored = await env.DB.prepare('SELECT token_hash FROM shares UNION ALL SELECT token_hash FROM events').all<{
      token_hash: string;
    }>();
    expect(stored.results).toHaveLength(20);
    for (const { token_hash } of stored.results) {
      expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(tokens).not.toContain(token_hash);
    }
  });

  it('engages the guessing limit on event look-ups (API, page and QR) as on shares, per address', {
    timeout: 30_000,
  }, async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 4, windowMs: 60_000 } } });
    const guess = (path: string, ip: string) => app.request(path, { headers: { 'cf-connecting-ip': ip } }, env);
    const ip = '203.0.113.44';
    const paths = ['/api/public/events/', '/e/', '/api/public/events/qr/'];
    for (let i = 0; i < 4; i++) {
      const t = `${'G'.repeat(40)}${i}${i}${i}`;
      expect((await guess(`/api/public/events/${t}`, ip)).status).toBe(404);
    }
    for (const p of paths) {
      const t = 'H'.repeat(43);
      const path = p === '/api/public/events/qr/' ? `/api/public/events/${t}/qr.svg` : `${p}${t}`;
      const res = await guess(path, ip);
      expect(res.status, path).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await guess(`/s/${'J'.repeat(43)}`, ip)).status).toBe(429);
    expect((await guess(`/api/public/events/${'K'.repeat(43)}`, '198.51.100.23')).status).toBe(404);
  });
});

describe('security: unapproved event items', () => {
  it('are never reachable by any public or cross-account route, rejected and pending alike', {
    timeout: 30_000,
  }, async () => {
    const { app, clock } = testApp();
    const w = await eventWorld(app, clock.now());
    const hidden = (await Promise.all(w.hidden.map(markersOf))).flat();
    const visible = await markersOf(w.approved);
    const t = w.ev.token;
    const seen: string[] = [];
    const read = async (label: string, res: Response | Promise<Response>, status?: number) => {
      const r = await res;
      if (status !== undefined) expect(r.status, label).toBe(status);
      seen.push(`${label}\n${await bodyOf(r)}`);
    };
    // Anonymous viewer routes.
    await read('event', app.request(`/api/public/events/${t}`, {}, env), 200);
    await read('event items', app.request(`/api/public/events/${t}/items?limit=500`, {}, env), 200);
    await read('event page', app.request(`/e/${t}`, {}, env), 200);
    await read('qr', app.request(`/api/public/events/${t}/qr.svg`, {}, env), 200);
    const post = (path: string, body: unknown) =>
      app.request(
        path,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        env,
      );
    // Stats and reports are written after the response; the write itself drops items that are not approved.
    for (const id of w.hidden) {
      await read(
        'stats hidden',
        post(`/api/public/events/${t}/stats`, { events: [{ itemId: id, kind: 'viewed' }] }),
        202,
      );
      await read('report hidden', post(`/api/public/events/${t}/reports`, { itemId: id }), 202);
    }
    expect((await post(`/api/public/events/${t}/reports`, { itemId: w.approved })).status).toBe(202);
    const counted = (table: string) =>
      env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE item_id IN (SELECT value FROM json_each(?1))`)
        .bind(JSON.stringify(w.hidden))
        .first<{ n: number }>();
    expect(await counted('item_stats')).toEqual({ n: 0 });
    expect(await counted('dead_link_reports')).toEqual({ n: 0 });
    // The check can fail: the approved item's report is stored.
    const approvedReports = env.DB.prepare('SELECT count(*) AS n FROM dead_link_reports WHERE item_id = ?1');
    expect(await approvedReports.bind(w.approved).first()).toEqual({ n: 1 });
    // Other accounts: nothing of the guest's collection, no inbox entry, no report listing.
    for (const who of [w.other, w.organizer] as TestUser[]) {
      await read('collection', call(app, who, 'GET', `/api/collections/${w.col}`), 404);
      await read('collection items', call(app, who, 'GET', `/api/collections/${w.col}/items`), 404);
      await read('inbox', call(app, who, 'GET', '/api/inbox'), 200);
      await read('reports', call(app, who, 'GET', '/api/reports'), 200);
      await read('collections', call(app, who, 'GET', '/api/collections'), 200);
      await read('shares', call(app, who, 'GET', '/api/shares'), 200);
      await read('contributions', call(app, who, 'GET', '/api/contributions'), 200);
    }
    await read('other: event', call(app, w.other, 'GET', `/api/events/${w.ev.event.id}`), 404);
    await read('other: queue', call(app, w.other, 'GET', `/api/events/${w.ev.event.id}/queue?state=pending`), 404);
    await read('organizer: stats', call(app, w.organizer, 'GET', `/api/events/${w.ev.event.id}/stats`), 200);
    // An event token is not a share token: the share routes do not open it.
    await read('as share', app.request(`/api/public/shares/${t}/items`, {}, env), 404);

    const all = seen.join('\n\n');
    for (const m of hidden) expect(all.includes(m), `leaked ${m}`).toBe(false);
    // The check can fail: the approved item does show up on the viewer routes.
    expect(visible.some((m) => all.includes(m))).toBe(true);
  });
});

describe('security: D1 after publishing', () => {
  it('holds no provider credentials and no image bytes, only delegated links', { timeout: 30_000 }, async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    await call(app, owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    await call(app, owner, 'PUT', '/api/sources/az1', { kind: 'azblob', name: 'Blob' });
    const col = await json<{ id: string }>(
      call(app, owner, 'POST', '/api/collections', { title: 'T', kind: 'static' }),
    );
    const items = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? item(i, {
            sourceId: 'az1',
            originalUrl: `https://acct.blob.core.windows.net/photos/${i}.jpg?sv=2023-11-03&sr=b&sp=r&se=2027-01-01&sig=ABC${i}%3D`,
          })
        : item(i),
    );
    // A client that tries to smuggle credentials or bytes in as extra fields has every such item refused.
    const smuggled = items.map((x) => ({
      ...x,
      accessToken: 'EwB-provider-access-token',
      refresh_token: 'M.R3_provider_refresh',
      accountKey: 'a2V5a2V5a2V5',
      bytes: '/9j/4AAQSkZJRg',
    }));
    const refused = await json<{ results: { status: string; reason: string }[] }>(
      call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items: smuggled }),
    );
    expect(new Set(refused.results.map((r) => `${r.status}:${r.reason}`))).toEqual(new Set(['rejected:invalid']));
    expect((await call(app, owner, 'POST', `/api/collections/${col.id}/items`, { items })).status).toBe(200);
    expect(
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM items WHERE collection_id = ?1')
        .bind(col.id)
        .first<{ n: number }>())!.n,
    ).toBe(20);

    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ name: string }>();
    const forbidden = [
      /EwB-provider-access-token/,
      /M\.R3_provider_refresh/,
      /a2V5a2V5a2V5/,
      /AccountKey=/i,
      /refresh_token/i,
      /access_token/i,
      /\/9j\/4AAQ/,
      /iVBORw0KGgo/,
    ];
    for (const { name } of tables.results) {
      const cols = await env.DB.prepare(`SELECT name, type FROM pragma_table_info('${name}')`).all<{
        name: string;
        type: string;
      }>();
      for (const c of cols.results) expect(c.type.toUpperCase(), `${name}.${c.name}`).not.toBe('BLOB');
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
      for (const row of rows.results) {
        for (const [k, v] of Object.entries(row)) {
          expect(v instanceof ArrayBuffer || ArrayBuffer.isView(v), `${name}.${k} holds bytes`).toBe(false);
          const text = String(v);
          // JPEG/PNG magic in any text column, raw or as the Latin-1 a stored byte string would show.
          expect(text.startsWith('\xff\xd8\xff') || text.startsWith('\x89PNG'), `${name}.${k} holds an image`).toBe(
            false,
          );
          for (const f of forbidden) expect(f.test(text), `${name}.${k} matches ${f}`).toBe(false);
          // The only SAS signatures allowed are those of read-only, single-blob delegated links in item URLs.
          if (/[?&]sig=/.test(text)) {
            expect(['original_url', 'thumbnail_url'], `${name}.${k} holds a SAS`).toContain(k);
            const q = new URL(text).searchParams;
            expect([q.get('sr'), q.get('sp')]).toEqual(['b', 'r']);
          }
        }
      }
    }
  });
});
