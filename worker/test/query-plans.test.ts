import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Deps } from '../src/deps';
import { item, makeUser, ORIGIN, testClock } from './helpers';

// Records every statement the app prepares while it serves the hot paths, then asks SQLite for each one's plan.
// A full SCAN of a real table fails the test; json_each (the request's own array) is the only scan allowed.

interface Recorded {
  sql: string;
  args: unknown[];
}

function recordingDb(real: D1Database, log: Recorded[]): D1Database {
  return new Proxy(real, {
    get(target, prop) {
      // Public reads run in a Sessions API session: its statements are recorded too.
      if (prop === 'withSession')
        return (b?: string) => recordingDb(target.withSession(b) as unknown as D1Database, log);
      if (prop === 'prepare') {
        return (sql: string) => {
          const stmt = target.prepare(sql);
          log.push({ sql, args: [] });
          const entry = log[log.length - 1]!;
          return new Proxy(stmt, {
            get(s, p) {
              if (p === 'bind') {
                return (...args: unknown[]) => {
                  entry.args = args;
                  return s.bind(...args);
                };
              }
              const v = Reflect.get(s, p);
              return typeof v === 'function' ? v.bind(s) : v;
            },
          });
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('query plans of the hot paths', () => {
  it('never fully scans a table', { timeout: 60_000 }, async () => {
    const clock = testClock();
    const high = { limit: 1e6, windowMs: 60_000 };
    const deps: Deps = {
      now: clock.now,
      fetch: () => Promise.reject(new Error('offline')),
      rateLimits: { token: high, signin: high },
    };
    const app = createApp(deps);
    const log: Recorded[] = [];
    const recEnv = { ...env, DB: recordingDb(env.DB, log) };
    const owner = await makeUser('Owner', clock.now());
    const guest = await makeUser('Guest', clock.now());
    const req = async <T = unknown>(
      who: typeof owner | null,
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (who) headers.authorization = `Bearer ${who.bearer}`;
      const res = await app.request(
        path,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
        recEnv,
      );
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      return (res.status === 204 ? null : await res.json()) as T;
    };
    await req(owner, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    await req(guest, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'Phone' });
    const col = await req<{ id: string }>(owner, 'POST', '/api/collections', {
      title: 'Big',
      kind: 'static',
      filterSummary: null,
    });
    for (let s = 0; s < 2000; s += 500) {
      await req(owner, 'POST', `/api/collections/${col.id}/items`, {
        items: Array.from({ length: 500 }, (_, k) => item(s + k)),
      });
    }
    await req(owner, 'PATCH', `/api/collections/${col.id}/items`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-3', width: 10 }],
    });
    const share = await req<{ token: string; share: { id: string } }>(
      owner,
      'POST',
      `/api/collections/${col.id}/shares`,
      { passcode: 'open sesame' },
    );
    const unlocked = await req<{ unlockToken: string }>(null, 'POST', `/api/public/shares/${share.token}/unlock`, {
      passcode: 'open sesame',
    });
    const h: Record<string, string> = { 'x-share-unlock': unlocked.unlockToken };
    const first = (await (
      await app.request(`/api/public/shares/${share.token}/items?limit=100`, { headers: h }, recEnv)
    ).json()) as { items: { id: string }[]; nextCursor: string };
    await app.request(
      `/api/public/shares/${share.token}/items?limit=100&cursor=${first.nextCursor}`,
      { headers: h },
      recEnv,
    );
    await app.request(
      `/api/public/shares/${share.token}/stats`,
      {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ itemId: first.items[0]!.id, kind: 'viewed' }] }),
      },
      recEnv,
    );
    const ev = await req<{ token: string; event: { id: string } }>(owner, 'POST', '/api/events', {
      title: 'Wedding',
      startsAt: '2026-06-01T10:00:00Z',
      endsAt: '2026-06-02T10:00:00Z',
      expiresAt: '2026-12-01T00:00:00Z',
    });
    const gcol = await req<{ id: string }>(guest, 'POST', '/api/collections', {
      title: 'Mine',
      kind: 'dynamic',
      filterSummary: 'Date: 1 June',
    });
    await req(guest, 'POST', `/api/collections/${gcol.id}/items`, {
      items: Array.from({ length: 300 }, (_, k) => item(k)),
    });
    const contribution = await req<{ id: string }>(guest, 'POST', '/api/contributions', {
      eventToken: ev.token,
      collectionId: gcol.id,
    });
    await req(guest, 'POST', `/api/collections/${gcol.id}/items`, { items: [item(400)] });
    const queue = await req<{ entries: { itemId: string }[] }>(
      owner,
      'GET',
      `/api/events/${ev.event.id}/queue?limit=50`,
    );
    const ids = queue.entries.map((e) => e.itemId);
    await req(owner, 'POST', `/api/events/${ev.event.id}/decisions`, {
      decisions: ids.map((itemId) => ({ itemId, decision: 'approve' })),
    });
    await req(null, 'GET', `/api/public/events/${ev.token}/items?limit=20`);
    await req(null, 'GET', `/api/public/events/${ev.token}`);
    await req(guest, 'POST', `/api/contributions/${contribution.id}/withdraw`, { itemIds: ids.slice(0, 5) });
    await req(guest, 'GET', '/api/contributions');
    await req(owner, 'GET', '/api/shares');
    await req(owner, 'GET', `/api/shares/${share.share.id}/stats`);
    await req(owner, 'POST', `/api/collections/${col.id}/items/remove`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-9' }],
    });
    await req(owner, 'GET', '/api/me');
    const rec = await req<{ id: string }>(owner, 'POST', `/api/collections/${col.id}/recipients`, {
      email: guest.email,
    });
    await req(guest, 'POST', `/api/inbox/${rec.id}/accept`);
    await req(guest, 'GET', '/api/inbox');
    await req(guest, 'GET', `/api/inbox/${rec.id}/items?limit=50`);
    await req(owner, 'GET', `/api/collections/${col.id}/recipients`);
    await req(owner, 'GET', '/api/reports');
    const pair = await app.request(
      '/auth/pair',
      {
        method: 'POST',
        headers: {
          cookie: `hyp_session=${owner.session}`,
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          redirect_uri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
          state: 'state-123',
          csrf: owner.csrf,
        }),
      },
      recEnv,
    );
    const code = new URL(pair.headers.get('location')!).searchParams.get('code');
    const issued = await req<{ info: { id: string } }>(null, 'POST', '/api/tokens/exchange', { code });
    await req(owner, 'GET', '/api/tokens');
    await req(owner, 'DELETE', `/api/tokens/${issued.info.id}`);
    const idp = {
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'dev', name: 'Dev', issuer: 'https://idp.test', clientId: 'c', secretName: 'S' },
      ]),
    };
    deps.fetch = async () =>
      Response.json({
        issuer: 'https://idp.test',
        authorization_endpoint: 'https://idp.test/a',
        token_endpoint: 'https://idp.test/t',
        jwks_uri: 'https://idp.test/j',
      });
    expect((await app.request('/auth/login/dev', {}, { ...recEnv, ...idp })).status).toBe(302);

    const offenders: string[] = [];
    const seen = new Set<string>();
    for (const { sql, args } of log) {
      if (seen.has(sql)) continue;
      seen.add(sql);
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...args)
        .all<{ parent: number; detail: string }>();
      const where = sql.replace(/\s+/g, ' ').slice(0, 160);
      for (const [i, { parent, detail }] of plan.results.entries()) {
        if (/^SCAN /.test(detail) && !/^SCAN (j|json_each)\b/.test(detail)) offenders.push(`${detail}  ←  ${where}`);
        // The request's array must drive the join: json_each as the inner loop means one pass over the table per element.
        const outerSibling = plan.results.slice(0, i).some((r) => r.parent === parent && /^SEARCH /.test(r.detail));
        if (/^SCAN j\b/.test(detail) && outerSibling) offenders.push(`json_each is the inner loop  ←  ${where}`);
      }
    }
    expect(seen.size).toBeGreaterThan(40);
    // The viewer's one-batch reads (in their D1 session) are among the plans checked.
    const flat = [...seen].map((q) => q.replace(/\s+/g, ' '));
    expect(flat.some((q) => q.includes('JOIN items i ON i.collection_id = s.collection_id'))).toBe(true);
    expect(flat.some((q) => q.includes('FROM events e WHERE e.token_hash = ?1'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
