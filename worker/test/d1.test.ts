import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database } from '../src/db/client';
import { users } from '../src/db/schema';

describe('D1 through drizzle inside workerd', () => {
  it('writes and reads a row', async () => {
    const db = database(env.DB);
    await db.insert(users).values({ id: 'u1', displayName: 'Ada', email: 'ada@example.org', createdAt: 1 });
    const row = await db.select().from(users).where(eq(users.id, 'u1')).get();
    expect(row).toEqual({ id: 'u1', displayName: 'Ada', email: 'ada@example.org', createdAt: 1 });
  });

  it('has the migrations table wrangler keeps', async () => {
    const r = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{ name: string }>();
    expect(r.results.map((x: { name: string }) => x.name)).toContain('0001_init.sql');
  });

  it('answers the health route and the common error shape', async () => {
    const ok = await SELF.fetch('https://portal.test/api/health');
    expect(await ok.json()).toEqual({ ok: true, service: 'hypomos' });
    // An open path: an unknown signed-in path answers 401 to a stranger before routing (issue 16).
    const missing = await SELF.fetch('https://portal.test/api/public/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
