import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../dev-services/src/ports';
import { launchChromium } from './harness/chromium';
import {
  api,
  type PortalStack,
  publishCollection,
  publishItems,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// Issue 16: what an outside attack against `wrangler dev` found, replayed the same way (real OIDC sign-in, real
// asset layer, client addresses in CF-Connecting-IP), so a fix that only holds under app.request() fails here.

let stack: PortalStack;
let alice: Page;
let bob: Page;
const DAY = 86_400_000;

const MALLORY = { id: 'mallory', name: 'Mallory', email: 'dave@example.org', emailVerified: null };
const DAVE = { id: 'dave', name: 'Dave', email: 'dave@example.org', emailVerified: true };
/** Another provider account whose verified address is Dave's too (e.g. his work account). */
const DAVE_ELSEWHERE = { id: 'dave-elsewhere', name: 'Dave W.', email: 'Dave@example.org', emailVerified: true };

describe('issue 16 attacks through wrangler dev', () => {
  beforeAll(async () => {
    stack = await startPortalStack({ extraUsers: [MALLORY, DAVE, DAVE_ELSEWHERE] });
    alice = await stack.owner.context.newPage();
    await signInThroughPortal(alice, stack, 'alice', '/app/events');
    bob = await stack.guest.context.newPage();
    await signInThroughPortal(bob, stack, 'bob', '/app/contributions');
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('finding 1: a guest who swaps an approved photo sends it back to the organizer, who sees before and after', async () => {
    const ev = await api<{ token: string; event: { id: string } }>(alice, 'POST', '/api/events', {
      title: 'Garden party',
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
      contributionsEndAt: new Date(Date.now() + 2 * DAY).toISOString(),
      expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const items = publishItems(jpegs, 2, 'swap');
    const col = await publishCollection(bob, 'Bob in the garden', items);
    expect(
      (await api(bob, 'POST', '/api/contributions', { eventToken: ev.json.token, collectionId: col })).status,
    ).toBe(201);
    const queue = await api<{ entries: { itemId: string }[] }>(alice, 'GET', `/api/events/${ev.json.event.id}/queue`);
    await api(alice, 'POST', `/api/events/${ev.json.event.id}/decisions`, {
      decisions: queue.json.entries.map((e) => ({ itemId: e.itemId, decision: 'approve' })),
    });
    const publicItems = async () =>
      (
        (await (await fetch(`${stack.dev.origin}/api/public/events/${ev.json.token}/items`)).json()) as {
          items: { originalUrl: string }[];
        }
      ).items.map((i) => i.originalUrl);
    expect(await publicItems()).toHaveLength(2);

    // The swap the attack made: a new link (another photo) and a new place on an approved item.
    const other = jpegs[jpegs.length - 1]!;
    const swapped = await api(bob, 'PATCH', `/api/collections/${col}/items`, {
      items: [
        {
          sourceId: 'od1',
          sourceItemId: 'swap-0',
          originalUrl: other.originalUrl,
          thumbnailUrl: other.thumbnailUrl,
          delivery: other.delivery,
          placeLabel: 'Somewhere else',
        },
      ],
    });
    expect(swapped.status).toBe(200);
    expect(await publicItems()).toEqual([items[1]!.originalUrl]);

    await alice.goto(`${stack.dev.origin}/app/events/${ev.json.event.id}`);
    const changed = alice.getByTestId('changed-since-approval');
    await changed.waitFor({ timeout: 15_000 });
    // OneDrive links carry no thumbnail (Graph's expire within hours): the pictures are the embed links.
    expect(await changed.getByRole('img', { name: 'Approved' }).getAttribute('src')).toBe(
      items[0]!.thumbnailUrl ?? items[0]!.originalUrl,
    );
    expect(await changed.getByRole('img', { name: 'Now' }).getAttribute('src')).toBe(
      other.thumbnailUrl ?? other.originalUrl,
    );
    expect(await changed.locator('li[data-field="placeLabel"]').textContent()).toBe('Place: none → Somewhere else');
    await expect
      .poll(() => changed.getByRole('img', { name: 'Now' }).evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await alice.screenshot({ path: `${process.env.HYPOMOS_SHOTS ?? '/tmp'}/issue16-changed-since-approval.png` });

    // Approving the new version publishes it.
    await alice.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(publicItems, { timeout: 10_000 }).toHaveLength(2);
  });

  it('finding 2: a passcode is at least 8 characters; rotating addresses in one /64 gets 5 wrong guesses, then the share locks and its owner sees it', async () => {
    const items = publishItems(stack.media, 2, 'locked');
    const col = await publishCollection(alice, 'Behind a passcode', items);
    const short = await api<{ error: { code: string } }>(alice, 'POST', `/api/collections/${col}/shares`, {
      passcode: '1234',
    });
    expect(short.status).toBe(400);
    const created = await api<{ token: string }>(alice, 'POST', `/api/collections/${col}/shares`, {
      passcode: 'correct-horse-9',
    });
    expect(created.status).toBe(201);
    const token = created.json.token;

    // The attack: parallel guesses, each from another address of one IPv6 /64, as the outside attack sent them.
    const guess = (passcode: string, i: number) =>
      fetch(`${stack.dev.origin}/api/public/shares/${token}/unlock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': `2001:db8:16:2::${i.toString(16)}` },
        body: JSON.stringify({ passcode }),
      });
    const statuses = (await Promise.all(Array.from({ length: 60 }, (_, i) => guess(`${1000 + i}`, i)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
    const right = await guess('correct-horse-9', 999);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);

    // The viewer who knows the passcode is told to wait, in the page's own words.
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(`${stack.dev.origin}/s/${token}`);
    await viewer.getByLabel('Passcode').fill('correct-horse-9');
    await viewer.getByRole('button', { name: 'Open' }).click();
    await expect
      .poll(() => viewer.getByRole('alert').textContent(), { timeout: 10_000 })
      .toMatch(/Too many wrong passcodes for this share; try again in \d+ s\./);
    await viewer.screenshot({ path: `${process.env.HYPOMOS_SHOTS ?? '/tmp'}/issue16-share-locked-viewer.png` });
    await viewer.close();

    await alice.goto(`${stack.dev.origin}/app/shares`);
    const told = alice.getByTestId('unlock-failures');
    await told.waitFor({ timeout: 15_000 });
    expect(await told.textContent()).toMatch(/· 5 wrong tries, locked until /);
    await alice.screenshot({ path: `${process.env.HYPOMOS_SHOTS ?? '/tmp'}/issue16-share-locked-owner.png` });
  });

  it('finding 3: an unverified claim to an email gets nothing; the verified owner gets the direct share; a second account for the address is refused', async () => {
    const third = await launchChromium({ extension: false });
    try {
      const page = await third.context.newPage();
      type Me = { user: { id: string; email: string | null } };
      type Inbox = { entries: { title: string }[] };
      // Mallory signs in first, claiming Dave's address without the provider vouching for it.
      await signInThroughPortal(page, stack, 'mallory', '/app/inbox');
      const mallory = (await api<Me>(page, 'GET', '/api/me')).json.user;
      expect(mallory.email).toBeNull();

      await third.context.clearCookies();
      await signInThroughPortal(page, stack, 'dave', '/app/inbox');
      const dave = (await api<Me>(page, 'GET', '/api/me')).json.user;
      expect(dave.email).toBe('dave@example.org');

      const col = await publishCollection(alice, 'For Dave', publishItems(stack.media, 1, 'for-dave'));
      expect(
        (await api(alice, 'POST', `/api/collections/${col}/recipients`, { email: 'dave@example.org' })).status,
      ).toBe(201);
      expect((await api<Inbox>(page, 'GET', '/api/inbox')).json.entries.map((e) => e.title)).toEqual(['For Dave']);

      // A second account for the same verified address is refused, in the one error shape.
      await third.context.clearCookies();
      stack.idp.autoLogin('dave-elsewhere');
      try {
        const refused = page.waitForResponse((r) => r.url().includes('/auth/callback/'));
        await page.goto(`${stack.dev.origin}/auth/login/dev?return_to=/app/inbox`);
        const res = await refused;
        expect(res.status()).toBe(409);
        expect(await res.json()).toMatchObject({ error: { code: 'email_taken' } });
      } finally {
        stack.idp.autoLogin(null);
      }

      await third.context.clearCookies();
      await signInThroughPortal(page, stack, 'mallory', '/app/inbox');
      expect((await api<Me>(page, 'GET', '/api/me')).json.user.id).toBe(mallory.id);
      expect((await api<Inbox>(page, 'GET', '/api/inbox')).json.entries).toEqual([]);
    } finally {
      await third.close();
    }
  });

  it('finding 4: every HTML answer, SPA fallbacks included, carries the headers; framing the owner pages fails', async () => {
    const origin = stack.dev.origin;
    for (const path of ['/app', '/app/shares', '/app/events/x', '/no/such/page', '/assets/missing.html', '/']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    const robots = await fetch(`${origin}/robots.txt`);
    expect(robots.headers.get('content-type')).toContain('text/plain');
    expect(await robots.text()).toContain('Disallow: /');
    const icon = await fetch(`${origin}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect([...new Uint8Array(await icon.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);

    // A page on another loopback port frames the signed-in owner's home: the browser must refuse to render it.
    const port = await freePort();
    const framer: Server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<iframe id="f" src="${origin}/app/shares" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((ok) => framer.listen(port, '127.0.0.1', ok));
    try {
      const page = await stack.owner.context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const rendered = await frame
        ?.evaluate(() => document.querySelector('[data-testid="me"]') !== null)
        .catch(() => false);
      expect(rendered ?? false).toBe(false);
      await page.close();
    } finally {
      framer.close();
    }
  });

  // Last: it ends Alice's sessions.
  it('finding 6: "Sign out everywhere" ends the owner\'s session in every browser', async () => {
    const elsewhere = await launchChromium({ extension: false });
    try {
      const other = await elsewhere.context.newPage();
      await signInThroughPortal(other, stack, 'alice', '/app/shares');
      await alice.goto(`${stack.dev.origin}/app/shares`);
      const button = alice.getByRole('button', { name: 'Sign out everywhere' });
      await button.waitFor();
      await alice.screenshot({ path: `${process.env.HYPOMOS_SHOTS ?? '/tmp'}/issue16-sign-out-everywhere.png` });
      await button.click();
      await alice.getByRole('link', { name: 'Sign in with Dev ID' }).waitFor({ timeout: 15_000 });
      const status = await other.evaluate(async () => (await fetch('/api/me')).status);
      expect(status).toBe(401);
      await other.reload();
      await other.getByRole('link', { name: 'Sign in with Dev ID' }).waitFor({ timeout: 15_000 });
    } finally {
      await elsewhere.close();
    }
  });
});
