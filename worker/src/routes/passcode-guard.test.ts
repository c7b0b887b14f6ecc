import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, seedCollection, testApp } from '../../test/helpers';

// Issue 16, finding 2: a 4-character passcode fell to 1,250 guesses from rotating addresses in one IPv6 /64, and
// 300 parallel guesses from one address got 61 wrong guesses through a limit of 30.

type App = ReturnType<typeof testApp>['app'];

const unlock = (app: App, token: string, passcode: string, ip: string) =>
  app.request(
    `/api/public/shares/${token}/unlock`,
    {
      method: 'POST',
      headers: { 'cf-connecting-ip': ip, 'content-type': 'application/json' },
      body: JSON.stringify({ passcode }),
    },
    env,
  );

async function protectedShare(app: App, passcode = 'correct-horse-9') {
  const owner = await makeUser('Owner');
  const col = await seedCollection(app, owner, 1);
  const res = await call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode });
  return { owner, res, share: res.status === 201 ? await json<{ token: string; share: { id: string } }>(res) : null };
}

describe('passcode guessing (issue 16, finding 2)', () => {
  it('refuses a passcode shorter than 8 characters', async () => {
    const { app } = testApp();
    const { res } = await protectedShare(app, '1234');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('locks the share after 5 wrong passcodes from any addresses, doubling the wait, and tells the owner', async () => {
    const { app, clock } = testApp();
    const { owner, share } = await protectedShare(app);
    const token = share!.token;
    // Every guess from a different address: the per-address limit alone would never stop this.
    for (let i = 1; i <= 5; i++) expect((await unlock(app, token, `guess-${i}`, `198.51.100.${i}`)).status).toBe(401);
    const locked = await unlock(app, token, 'correct-horse-9', '198.51.100.99');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(await locked.json()).toMatchObject({ error: { code: 'share_locked' } });

    const seen = await json<{ unlockFailures: number; unlockLockedUntil: string | null }>(
      call(app, owner, 'GET', `/api/shares/${share!.share.id}`),
    );
    expect(seen.unlockFailures).toBe(5);
    expect(Date.parse(seen.unlockLockedUntil!)).toBe(clock.now() + 60_000);

    clock.advance(60_000);
    expect((await unlock(app, token, 'guess-6', '198.51.100.6')).status).toBe(401);
    const longer = await unlock(app, token, 'guess-7', '198.51.100.7');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('120');

    clock.advance(120_000);
    const right = await unlock(app, token, 'correct-horse-9', '198.51.100.8');
    expect(right.status).toBe(200);
    // The right passcode ends the streak: the next typo is one of five free ones again.
    expect((await unlock(app, token, 'typo', '198.51.100.9')).status).toBe(401);
    expect((await unlock(app, token, 'correct-horse-9', '198.51.100.9')).status).toBe(200);
  });

  it('counts parallel guesses before the look-up, so a burst gets exactly the free guesses through', async () => {
    const { app } = testApp();
    const { share } = await protectedShare(app);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => unlock(app, share!.token, `guess-${i}`, `203.0.113.${i}`)),
    ).then((all) => all.map((r) => r.status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it('counts an address before its look-up and refunds it on success: a parallel burst gets exactly the limit', async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 30, windowMs: 60_000 } } });
    const unknown = (i: number) => `${'A'.repeat(40)}${String(i).padStart(3, '0')}`;
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => unlock(app, unknown(i), 'whatever', '192.0.2.200')),
    ).then((all) => all.map((r) => r.status));
    expect(statuses.filter((s) => s === 404)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);

    // A right passcode costs nothing: a viewer who unlocks 40 shares is never limited.
    const { share } = await protectedShare(testApp().app);
    const ok = testApp({ rateLimits: { token: { limit: 3, windowMs: 60_000 } } }).app;
    for (let i = 0; i < 10; i++)
      expect((await unlock(ok, share!.token, 'correct-horse-9', '192.0.2.201')).status).toBe(200);
  });

  it('keys IPv6 addresses by their /64, so rotating within one prefix does not reset the limit', async () => {
    const { app } = testApp({ rateLimits: { token: { limit: 3, windowMs: 60_000 } } });
    const probe = (ip: string) =>
      app.request(`/api/public/shares/${'B'.repeat(43)}`, { headers: { 'cf-connecting-ip': ip } }, env);
    for (const ip of ['2001:db8:0:42::1', '2001:db8:0:42:abcd::2', '2001:db8:0:42:7:8:9:a'])
      expect((await probe(ip)).status).toBe(404);
    expect((await probe('2001:0db8:0000:0042:ffff:ffff:ffff:ffff')).status).toBe(429);
    expect((await probe('2001:db8:0:43::1')).status).toBe(404);
  });
});
