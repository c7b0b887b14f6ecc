import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, seedCollection, testApp } from './helpers';

// Issue 16, finding 6: 5,000 likes in one burst were counted, `downloaded` was counted where downloads are off,
// and one viewer could report every item of a share as dead.

type Page = { items: { id: string }[] };
type App = ReturnType<typeof testApp>['app'];

const from = (ip: string) => ({ 'cf-connecting-ip': ip });
const post = (app: App, path: string, body: unknown, ip: string) => call(app, null, 'POST', path, body, from(ip));

async function shareWith(app: App, settings: Record<string, unknown> = {}) {
  const owner = await makeUser('Owner');
  const col = await seedCollection(app, owner, 3);
  const s = await json<{ token: string; share: { id: string } }>(
    call(app, owner, 'POST', `/api/collections/${col}/shares`, settings),
  );
  const page = await json<Page>(app.request(`/api/public/shares/${s.token}/items`, {}, env));
  return { owner, ...s, ids: page.items.map((i) => i.id) };
}

describe('viewer counts (issue 16, finding 6)', () => {
  it('counts each viewer once per item and kind however often it posts, and downloads only where they are on', async () => {
    const { app } = testApp();
    const s = await shareWith(app);
    const [a, b] = s.ids as [string, string];
    const burst = [
      ...Array.from({ length: 195 }, () => ({ itemId: a, kind: 'liked' })),
      { itemId: a, kind: 'viewed' },
      { itemId: a, kind: 'viewed' },
      { itemId: b, kind: 'downloaded' },
    ];
    for (let i = 0; i < 5; i++)
      expect(
        (await post(app, `/api/public/shares/${s.token}/stats`, { events: burst }, '2001:db8:1:1::1')).status,
      ).toBe(202);
    // Another address in the same /64 is the same viewer; another network is another viewer.
    await post(app, `/api/public/shares/${s.token}/stats`, { events: burst }, '2001:db8:1:1::beef');
    await post(app, `/api/public/shares/${s.token}/stats`, { events: [{ itemId: a, kind: 'liked' }] }, '198.51.100.70');
    const stats = await json(call(app, s.owner, 'GET', `/api/shares/${s.share.id}/stats`));
    expect(stats).toEqual({
      totals: { viewed: 1, liked: 2, skipped: 0, downloaded: 0 },
      items: [{ itemId: a, viewed: 1, liked: 2, skipped: 0, downloaded: 0, preview: expect.any(Object) }],
    });

    const d = await shareWith(app, { allowDownload: true });
    await post(
      app,
      `/api/public/shares/${d.token}/stats`,
      { events: [{ itemId: d.ids[0], kind: 'downloaded' }] },
      '198.51.100.71',
    );
    const withDownloads = await json<{ totals: { downloaded: number } }>(
      call(app, d.owner, 'GET', `/api/shares/${d.share.id}/stats`),
    );
    expect(withDownloads.totals.downloaded).toBe(1);
  });

  it('takes one dead-link report per item per viewer and tells the owner how many viewers reported it', async () => {
    const { app } = testApp();
    const s = await shareWith(app);
    const report = (itemId: string, ip: string) =>
      post(app, `/api/public/shares/${s.token}/reports`, { itemId, reason: 'not_found' }, ip);
    for (let i = 0; i < 3; i++) for (const id of s.ids) expect((await report(id, '203.0.113.80')).status).toBe(202);
    await report(s.ids[0]!, '203.0.113.81');
    await report(s.ids[0]!, '203.0.113.82');
    const reports = await json<{ reports: { itemId: string; viewers: number }[] }>(
      call(app, s.owner, 'GET', '/api/reports'),
    );
    const byItem = Object.fromEntries(reports.reports.map((r) => [r.itemId, r.viewers]));
    expect(byItem).toEqual({ [s.ids[0]!]: 3, [s.ids[1]!]: 1, [s.ids[2]!]: 1 });
  });
});
