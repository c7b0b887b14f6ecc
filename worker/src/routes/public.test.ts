import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, item, json, makeUser, seedCollection, testApp } from '../../test/helpers';

type Page = { items: { id: string; originalUrl: string; contributorName: string | null }[]; nextCursor: string | null };

async function readAll(app: ReturnType<typeof testApp>['app'], token: string, headers: Record<string, string> = {}) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await app.request(`/api/public/shares/${token}/items?limit=300${q}`, { headers }, env);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('public viewer routes', () => {
  it('serves 1,000 published items to an anonymous viewer, page by page, without duplicates', {
    timeout: 60_000,
  }, async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 1000);
    const created = await json<{ token: string; url: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { title: 'Tuscany' }),
    );
    expect(created.url).toBe(`${env.PUBLIC_ORIGIN}/s/${created.token}`);
    const meta = await json(app.request(`/api/public/shares/${created.token}`, {}, env));
    expect(meta).toEqual({
      kind: 'link',
      title: 'Tuscany',
      expiresAt: null,
      allowDownload: false,
      downloads: 'none',
      relay: true,
      requiresPasscode: false,
      unlocked: true,
      itemCount: 1000,
      proofing: null,
      feedback: { comments: false, reactions: false },
    });
    const { ids, pages } = await readAll(app, created.token);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(pages).toBe(4);
    const first = await json<Page>(app.request(`/api/public/shares/${created.token}/items?limit=1`, {}, env));
    // Viewers get links and display fields, never source ids, hashes or owner ids.
    expect(Object.keys(first.items[0]!).sort()).toEqual(
      [
        'blurhash',
        'capturedAt',
        'contributorName',
        'delivery',
        'durationSec',
        'height',
        'id',
        'linkExpiresAt',
        'mediaType',
        'mimeType',
        'originalUrl',
        'placeLabel',
        'thumbnailUrl',
        'width',
      ].sort(),
    );
  });

  it('removing items makes them vanish for every viewer at once', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 10);
    const a = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const b = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { allowDownload: true }),
    );
    await call(app, owner, 'POST', `/api/collections/${col}/items/remove`, {
      items: [{ sourceId: 'od1', sourceItemId: 'item-2' }],
    });
    expect((await readAll(app, a.token)).ids).toHaveLength(9);
    expect((await readAll(app, b.token)).ids).toHaveLength(9);
  });

  it('answers 404 for unknown or forged tokens and 410 after revocation', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 3);
    const s = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, {}),
    );
    for (const bad of ['A'.repeat(43), 'short', `${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`]) {
      const r = await app.request(`/api/public/shares/${bad}/items`, {}, env);
      expect(r.status).toBe(404);
      expect(await r.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const revoked = await json<{ status: string }>(call(app, owner, 'DELETE', `/api/shares/${s.share.id}`));
    expect(revoked.status).toBe('revoked');
    const r = await app.request(`/api/public/shares/${s.token}/items`, {}, env);
    expect(r.status).toBe(410);
    expect(await r.json()).toMatchObject({ error: { code: 'revoked' } });
    const page = await app.request(`/s/${s.token}`, { headers: { accept: 'text/html' } }, env);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('Link revoked');
    expect(html).not.toMatch(/Tuscany|od1|stack|Error:/);
  });

  it('expires a gallery at its hard expiry (injected clock), with an expiry page', async () => {
    const { app, clock } = testApp();
    const owner = await makeUser('Photographer');
    const col = await seedCollection(app, owner, 5);
    const noExpiry = await call(app, owner, 'POST', `/api/collections/${col}/shares`, {
      kind: 'gallery',
      allowDownload: true,
    });
    expect(noExpiry.status).toBe(400);
    const expiresAt = new Date(clock.now() + 7 * 86400_000).toISOString();
    const g = await json<{ token: string; share: { kind: string; allowDownload: boolean } }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { kind: 'gallery', allowDownload: true, expiresAt }),
    );
    expect(g.share).toMatchObject({ kind: 'gallery', allowDownload: true });
    const meta = await json(app.request(`/api/public/shares/${g.token}`, {}, env));
    expect(meta).toMatchObject({ kind: 'gallery', allowDownload: true, expiresAt });
    clock.advance(7 * 86400_000 - 1);
    expect((await app.request(`/api/public/shares/${g.token}/items`, {}, env)).status).toBe(200);
    clock.advance(1);
    const gone = await app.request(`/api/public/shares/${g.token}/items`, {}, env);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: 'expired' } });
    const page = await app.request(`/s/${g.token}`, {}, env);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Link expired');
  });

  it('enforces a passcode: items need an unlock grant, wrong passcodes are refused', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 4);
    const s = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'correct horse' }),
    );
    const meta = await json(app.request(`/api/public/shares/${s.token}`, {}, env));
    expect(meta).toMatchObject({ title: 'Shared photos', requiresPasscode: true, unlocked: false, itemCount: null });
    const locked = await app.request(`/api/public/shares/${s.token}/items`, {}, env);
    expect(locked.status).toBe(401);
    expect(await locked.json()).toMatchObject({ error: { code: 'passcode_required' } });
    const wrong = await call(app, null, 'POST', `/api/public/shares/${s.token}/unlock`, { passcode: 'battery staple' });
    expect(wrong.status).toBe(401);
    const forged = await app.request(
      `/api/public/shares/${s.token}/items`,
      { headers: { 'x-share-unlock': 'A'.repeat(43) } },
      env,
    );
    expect(forged.status).toBe(401);
    const ok = await call(app, null, 'POST', `/api/public/shares/${s.token}/unlock`, { passcode: 'correct horse' });
    expect(ok.status).toBe(200);
    const { unlockToken } = (await ok.json()) as { unlockToken: string };
    expect(ok.headers.get('set-cookie')).toMatch(/hyp_unlock=.*HttpOnly/);
    expect((await readAll(app, s.token, { 'x-share-unlock': unlockToken })).ids).toHaveLength(4);
    const opened = await json(
      app.request(`/api/public/shares/${s.token}`, { headers: { 'x-share-unlock': unlockToken } }, env),
    );
    expect(opened).toMatchObject({ title: 'Italy 2024', unlocked: true, itemCount: 4 });
    // The grant is bound to its share.
    const other = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'correct horse' }),
    );
    expect(
      (
        await app.request(
          `/api/public/shares/${other.token}/items`,
          { headers: { 'x-share-unlock': unlockToken } },
          env,
        )
      ).status,
    ).toBe(401);
  });

  it('records viewer statistics per item and sums them for the owner; ignores foreign items', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 3);
    const s = await json<{ token: string; share: { id: string } }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, {}),
    );
    const page = await json<Page>(app.request(`/api/public/shares/${s.token}/items`, {}, env));
    const [a, b] = page.items.map((i) => i.id);
    const r = await json(
      call(app, null, 'POST', `/api/public/shares/${s.token}/stats`, {
        events: [
          { itemId: a, kind: 'viewed' },
          { itemId: a, kind: 'viewed' },
          { itemId: a, kind: 'liked' },
          { itemId: b, kind: 'skipped' },
          { itemId: b, kind: 'downloaded' },
          { itemId: 'not-an-item-of-this-share', kind: 'viewed' },
        ],
      }),
    );
    // Accepted at once and written after the response; the foreign item is dropped by the write itself. One viewer
    // counts once per item and kind, and no download is counted where downloads are off (worker/test/viewer-counts).
    expect(r).toEqual({ queued: 6 });
    const stats = await json(call(app, owner, 'GET', `/api/shares/${s.share.id}/stats`));
    expect(stats).toEqual({
      totals: { viewed: 1, liked: 1, skipped: 1, downloaded: 0 },
      items: expect.arrayContaining([
        { itemId: a, viewed: 1, liked: 1, skipped: 0, downloaded: 0, preview: expect.any(Object) },
        { itemId: b, viewed: 0, liked: 0, skipped: 1, downloaded: 0, preview: expect.any(Object) },
      ]),
    });
  });

  it('takes dead-link reports from viewers and shows them to the owner only', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const other = await makeUser('Other');
    const col = await seedCollection(app, owner, 2);
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const page = await json<Page>(app.request(`/api/public/shares/${s.token}/items`, {}, env));
    expect(
      (
        await call(app, null, 'POST', `/api/public/shares/${s.token}/reports`, {
          itemId: page.items[1]!.id,
          reason: 'not_found',
        })
      ).status,
    ).toBe(202);
    // Written after the response: an item outside the share is dropped there, not refused here.
    expect((await call(app, null, 'POST', `/api/public/shares/${s.token}/reports`, { itemId: 'nope' })).status).toBe(
      202,
    );
    const mine = await json<{ reports: { sourceItemId: string; reason: string }[] }>(
      call(app, owner, 'GET', '/api/reports'),
    );
    expect(mine.reports).toHaveLength(1);
    expect(mine.reports).toMatchObject([{ sourceItemId: 'item-1', reason: 'not_found' }]);
    expect(await json(call(app, other, 'GET', '/api/reports'))).toEqual({ reports: [] });
  });

  it('keeps paging stable when items are re-published with new capture times', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 3);
    await call(app, owner, 'POST', `/api/collections/${col}/items`, {
      items: [item(0, { capturedAt: '2030-01-01T00:00:00Z' })],
    });
    const s = await json<{ token: string }>(call(app, owner, 'POST', `/api/collections/${col}/shares`, {}));
    const page = await json<{ items: { capturedAt: string }[] }>(
      app.request(`/api/public/shares/${s.token}/items`, {}, env),
    );
    expect(page.items.map((i) => i.capturedAt)).toEqual([
      '2024-07-01T00:01:00.000Z',
      '2024-07-01T00:02:00.000Z',
      '2030-01-01T00:00:00.000Z',
    ]);
    expect((await app.request(`/api/public/shares/${s.token}/items?cursor=bad'cursor`, {}, env)).status).toBe(400);
  });
});
