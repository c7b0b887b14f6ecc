// The public read path under real `wrangler dev` (issue 21): the Rate Limiting binding, the Cache API, the D1
// Sessions API and waitUntil all run in workerd here, as in production, minus the read replicas.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShare, seedCollection } from '../bench/support/portal-seed';
import { accountSeedSql, startWranglerDev, type WranglerDev } from '../dev-services/src/wrangler-dev';

let dev: WranglerDev;
const owner = randomBytes(32).toString('base64url');

beforeAll(async () => {
  dev = await startWranglerDev({
    seedSql: accountSeedSql({ id: 'reads-owner-0001', name: 'Reads Owner', email: 'reads@example.org' }, owner),
    vars: { D1_METRICS: 'on' },
  });
}, 300_000);

afterAll(async () => {
  await dev?.stop();
});

const meterOf = (res: Response) => {
  const m = /^trips=(\d+); read=(\d+); written=(\d+)$/.exec(res.headers.get('x-d1-meter') ?? '');
  if (!m) throw new Error(`no x-d1-meter header: ${res.headers.get('x-d1-meter')}`);
  return { trips: Number(m[1]), read: Number(m[2]), written: Number(m[3]) };
};

describe('public reads under wrangler dev', () => {
  it('one D1 round trip, no write, edge cache hit, 304 and a bookmark that the next request may carry', {
    timeout: 120_000,
  }, async () => {
    const token = await createShare(dev.origin, owner, await seedCollection(dev.origin, owner, 300, 'Wedding'));
    const url = `${dev.origin}/api/public/shares/${token}/items?limit=200`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(meterOf(first)).toMatchObject({ trips: 1, written: 0 });
    expect(first.headers.get('x-edge-cache')).toBe('miss');
    const body = await first.text();

    // The same page again comes from the edge cache (isolate memory, else the Cache API) and reads no item rows.
    const again = await fetch(url);
    expect(again.headers.get('x-edge-cache')).toBe('hit');
    expect(meterOf(again).trips).toBe(1);
    expect(meterOf(again).read).toBeLessThan(meterOf(first).read);
    expect(await again.text()).toBe(body);

    const etag = first.headers.get('etag')!;
    const repeat = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(repeat.status).toBe(304);

    // Sessions API: locally there is no replica, so the bookmark changes nothing but must be issued and accepted.
    const bookmark = first.headers.get('x-d1-bookmark');
    expect(bookmark).toBeTruthy();
    const carried = await fetch(url, { headers: { 'x-d1-bookmark': bookmark! } });
    expect(carried.status).toBe(200);
    expect(carried.headers.get('x-d1-bookmark')).toBeTruthy();

    // The share page: the same one batch, and its shell comes from the edge cache the second time.
    const page = `${dev.origin}/s/${token}`;
    expect((await fetch(page)).headers.get('x-edge-cache')).toBe('miss');
    const pageAgain = await fetch(page);
    expect(pageAgain.headers.get('x-edge-cache')).toBe('hit');
    expect(meterOf(pageAgain)).toMatchObject({ trips: 1, written: 0 });
    expect(await pageAgain.text()).toContain('<title>Wedding');
  });
});
