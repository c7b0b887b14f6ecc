import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProviderHandle } from '../dev-services/src/oidc';
import { type PortalDev, startPortalDev } from '../dev-services/src/portal-dev';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';

// The portal end to end: the worker under `wrangler dev`, the real `oidc-provider` as identity provider, and
// Chromium signing in through the provider's login page. An owner publishes 1,000 items over the cookie session
// (with CSRF), and a guest in a separate browser profile opens the share link.

async function signIn(page: Page, origin: string, login: string | null) {
  await page.goto(`${origin}/auth/signin`);
  await page.getByRole('link', { name: 'Sign in with Dev ID' }).click();
  if (login) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
  }
  await page.waitForURL(`${origin}/auth/done`);
  return page.locator('#signed-in').textContent();
}

/** Runs an API call inside the page, as the portal's own scripts would: same origin, session cookie, CSRF header. */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/me')).json();
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
}

function items(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    sourceId: 'od1',
    sourceItemId: `photo-${i}`,
    mediaType: 'image',
    capturedAt: new Date(Date.UTC(2024, 6, 1) + i * 60_000).toISOString(),
    width: 4032,
    height: 3024,
    originalUrl: `http://127.0.0.1:9/media/${i}.jpg`,
  }));
}

async function readShare(page: Page, token: string) {
  return page.evaluate(async (token) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await fetch(
        `/api/public/shares/${token}/items?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (!res.ok) return { status: res.status, ids };
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return { status: 200, ids };
  }, token);
}

describe('portal sign-in and sharing in Chromium', () => {
  let portal: PortalDev;
  let idp: OidcProviderHandle;
  let dev: { origin: string };
  let owner: ExtensionBrowser;
  let guest: ExtensionBrowser;

  beforeAll(async () => {
    portal = await startPortalDev();
    idp = portal.idp;
    dev = { origin: portal.origin };
    owner = await launchChromium({ extension: false });
    guest = await launchChromium({ extension: false });
    // These tests check the API and the server-rendered shell; the React viewer (tested in its own e2e) would
    // otherwise start loading 1,000 deliberately unreachable media links and report each as dead.
    await guest.context.route('**/assets/*.js', (route) => route.abort());
  });
  afterAll(async () => {
    await owner?.close();
    await guest?.close();
    await portal?.stop();
  });

  it('signs in through the provider login page with a session cookie (HttpOnly, SameSite=Lax)', async () => {
    const page = await owner.context.newPage();
    expect(await signIn(page, dev.origin, 'alice')).toContain('Alice Organizer');
    const cookie = (await owner.context.cookies(dev.origin)).find((c) => c.name === 'hyp_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await api<{ user: { displayName: string; email: string }; via: string }>(page, 'GET', '/api/me');
    expect(me.json).toMatchObject({
      user: { displayName: 'Alice Organizer', email: 'alice@example.org' },
      via: 'session',
    });
  });

  it('publishes 1,000 items; a guest in another browser reads them; passcode, revoke and expiry hold', async () => {
    const page = await owner.context.newPage();
    await page.goto(`${dev.origin}/auth/done`);
    await api(page, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
    const col = await api<{ id: string }>(page, 'POST', '/api/collections', { title: 'Summer 2024', kind: 'static' });
    expect(col.status).toBe(201);
    for (const batch of [items(1000).slice(0, 500), items(1000).slice(500)]) {
      const r = await api<{ results: { status: string }[] }>(page, 'POST', `/api/collections/${col.json.id}/items`, {
        items: batch,
      });
      expect(r.json.results.every((x) => x.status === 'created')).toBe(true);
    }
    const share = await api<{ token: string; share: { id: string } }>(
      page,
      'POST',
      `/api/collections/${col.json.id}/shares`,
      { allowDownload: true },
    );

    const viewer = await guest.context.newPage();
    const opened = await viewer.goto(`${dev.origin}/s/${share.json.token}`);
    expect(opened?.status()).toBe(200);
    expect(await viewer.locator('meta[property="og:title"]').getAttribute('content')).toBe('Summer 2024');
    expect(opened?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    const seen = await readShare(viewer, share.json.token);
    expect(seen.ids).toHaveLength(1000);
    expect(new Set(seen.ids).size).toBe(1000);

    const locked = await api<{ token: string }>(page, 'POST', `/api/collections/${col.json.id}/shares`, {
      passcode: 'blue-harbour',
    });
    await viewer.goto(`${dev.origin}/s/${locked.json.token}`);
    expect((await readShare(viewer, locked.json.token)).status).toBe(401);
    const unlocked = await viewer.evaluate(
      async (t) =>
        (
          await fetch(`/api/public/shares/${t}/unlock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ passcode: 'blue-harbour' }),
          })
        ).status,
      locked.json.token,
    );
    expect(unlocked).toBe(200);
    expect((await readShare(viewer, locked.json.token)).ids).toHaveLength(1000);

    expect((await api(page, 'DELETE', `/api/shares/${share.json.share.id}`)).status).toBe(200);
    const revoked = await viewer.goto(`${dev.origin}/s/${share.json.token}`);
    expect(revoked?.status()).toBe(410);
    expect(await viewer.locator('h1').textContent()).toBe('Link revoked');

    const soon = await api<{ token: string }>(page, 'POST', `/api/collections/${col.json.id}/shares`, {
      kind: 'gallery',
      allowDownload: true,
      expiresAt: new Date(Date.now() + 2000).toISOString(),
    });
    await expect
      .poll(async () => (await viewer.goto(`${dev.origin}/s/${soon.json.token}`))?.status(), {
        timeout: 15_000,
        interval: 500,
      })
      .toBe(410);
    expect(await viewer.locator('h1').textContent()).toBe('Link expired');
  });

  it('event: two guests contribute; the viewer sees nothing until approval, then exactly the approved items; withdrawal removes them', async () => {
    const organizer = await owner.context.newPage();
    await organizer.goto(`${dev.origin}/auth/done`);
    const ev = await api<{ token: string; event: { id: string } }>(organizer, 'POST', '/api/events', {
      title: 'Ana & Ben',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 86400_000).toISOString(),
      expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    expect(ev.status).toBe(201);
    const third = await launchChromium({ extension: false });
    const viewerBrowser = await launchChromium({ extension: false });
    await viewerBrowser.context.route('**/assets/*.js', (route) => route.abort());
    try {
      const contributions: { id: string }[] = [];
      for (const [browser, user, first] of [
        [guest, 'bob', 0],
        [third, 'carol', 100],
      ] as const) {
        idp.autoLogin(user);
        const page = await browser.context.newPage();
        await signIn(page, dev.origin, null);
        idp.autoLogin(null);
        await api(page, 'PUT', '/api/sources/phone', { kind: 'gdrive', name: 'Phone' });
        const col = await api<{ id: string }>(page, 'POST', '/api/collections', {
          title: `${user} at the wedding`,
          kind: 'dynamic',
          filterSummary: 'Date: the day',
        });
        await api(page, 'POST', `/api/collections/${col.json.id}/items`, {
          items: items(3).map((it, i) => ({ ...it, sourceId: 'phone', sourceItemId: `w-${first + i}` })),
        });
        const c = await api<{ id: string }>(page, 'POST', '/api/contributions', {
          eventToken: ev.json.token,
          collectionId: col.json.id,
        });
        expect(c.status).toBe(201);
        contributions.push(c.json);
      }
      const viewer = await viewerBrowser.context.newPage();
      expect((await viewer.goto(`${dev.origin}/e/${ev.json.token}`))?.status()).toBe(200);
      const visible = () =>
        viewer.evaluate(
          async (t) =>
            (
              (await (await fetch(`/api/public/events/${t}/items`)).json()) as {
                items: { id: string; contributorName: string }[];
              }
            ).items,
          ev.json.token,
        );
      expect(await visible()).toEqual([]);

      const queue = await api<{ entries: { itemId: string; contributorName: string }[] }>(
        organizer,
        'GET',
        `/api/events/${ev.json.event.id}/queue`,
      );
      expect(queue.json.entries).toHaveLength(6);
      const chosen = [
        queue.json.entries.find((e) => e.contributorName === 'Bob Guest')!,
        queue.json.entries.find((e) => e.contributorName === 'Carol Guest')!,
      ];
      const decided = await api<{ results: { status: string }[] }>(
        organizer,
        'POST',
        `/api/events/${ev.json.event.id}/decisions`,
        {
          decisions: chosen.map((e) => ({ itemId: e.itemId, decision: 'approve' })),
        },
      );
      expect(decided.json.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const after = await visible();
      expect(after.map((i) => i.id).sort()).toEqual(chosen.map((e) => e.itemId).sort());
      expect(after.map((i) => i.contributorName).sort()).toEqual(['Bob Guest', 'Carol Guest']);

      const bobPage = await guest.context.newPage();
      await bobPage.goto(`${dev.origin}/auth/done`);
      const withdrawn = await api<{ contribution: { withdrawn: boolean } }>(
        bobPage,
        'POST',
        `/api/contributions/${contributions[0]!.id}/withdraw`,
        {},
      );
      expect(withdrawn.json.contribution.withdrawn).toBe(true);
      expect((await visible()).map((i) => i.contributorName)).toEqual(['Carol Guest']);
    } finally {
      idp.autoLogin(null);
      await third.close();
      await viewerBrowser.close();
    }
  });

  it('pairs the extension: consent page, redirect to the identity URL with a one-time code, exchange for a Bearer token', async () => {
    const page = await owner.context.newPage();
    // What identity.launchWebAuthFlow would intercept: the redirect to the extension's chromiumapp.org URL.
    const redirect = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/paired';
    let landed = '';
    await page.route('https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/**', async (route) => {
      landed = route.request().url();
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'intercepted' });
    });
    await page.goto(`${dev.origin}/auth/pair?redirect_uri=${encodeURIComponent(redirect)}&state=pair-state-1`);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Connect the extension');
    await page.locator('#allow').click();
    await expect
      .poll(() => landed, { timeout: 15_000 })
      .toMatch(/^https:\/\/abcdefghijklmnopabcdefghijklmnop\.chromiumapp\.org\/paired\?/);
    const back = new URL(landed);
    expect(back.searchParams.get('state')).toBe('pair-state-1');
    const exchange = await fetch(`${dev.origin}/api/tokens/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: back.searchParams.get('code'), name: 'e2e extension' }),
    });
    expect(exchange.status).toBe(201);
    const { token } = (await exchange.json()) as { token: string };
    const me = await fetch(`${dev.origin}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ user: { displayName: 'Alice Organizer' }, via: 'token' });
  });

  it('signs a second user in non-interactively (autoLogin)', async () => {
    idp.autoLogin('bob');
    try {
      const page = await guest.context.newPage();
      expect(await signIn(page, dev.origin, null)).toContain('Bob Guest');
    } finally {
      idp.autoLogin(null);
    }
  });
});
