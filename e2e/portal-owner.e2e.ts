import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_FLAGS, CHROMIUM } from './harness/chromium';
import {
  api,
  type PortalStack,
  publishCollection,
  publishItems,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// The owner pages as a new owner meets them (an empty state with a next step on every list), then with content:
// items named by picture and capture time (never an id) in statistics and approvals, destructive actions behind a
// confirmation dialog, and the guest's lightbox turned by swiping on a phone (Chromium touch emulation).
// Every state is saved as a PNG in HYPOMOS_SCREENSHOTS (printed) for a person to look at.

const OUT = process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), `hypomos-owner-${Date.now()}`);
let stack: PortalStack;
let carol: Page;
let phone: Browser;
let n = 0;
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `owner-${String(++n).padStart(2, '0')}-${name}.png`) });
};
const loadedImages = (page: Page, scope: string) =>
  page
    .locator(`${scope} img`)
    .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth));

/** A finger moving from (x0, y0) to (x1, y1) in steps, as Chromium's touch emulation delivers it. */
async function swipe(page: Page, from: [number, number], to: [number, number]) {
  const cdp = await page.context().newCDPSession(page);
  const at = (t: number) => [{ x: from[0] + (to[0] - from[0]) * t, y: from[1] + (to[1] - from[1]) * t }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= 10; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / 10) });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('portal owner pages', () => {
  let shareUrl: string;

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    console.log(`owner screenshots: ${OUT}`);
    stack = await startPortalStack();
    carol = await stack.owner.context.newPage();
    await signInThroughPortal(carol, stack, 'carol');
    phone = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BASE_FLAGS });
  }, 300_000);
  afterAll(async () => {
    await phone?.close();
    await stack?.close();
  });

  it('shows a new owner an empty state with a next step on every list, and marks the current page', async () => {
    for (const [path, testId, title] of [
      ['/app/shares', 'collections-empty', 'Nothing published yet'],
      ['/app/events', 'events-empty', 'No events yet'],
      ['/app/inbox', 'inbox-empty', 'Your inbox is empty'],
      ['/app/contributions', 'contributions-empty', 'No contributions yet'],
      ['/app/extension', 'extensions-empty', 'No extension is paired'],
    ] as const) {
      await carol.goto(`${stack.dev.origin}${path}`);
      const empty = carol.getByTestId(testId);
      await empty.waitFor({ timeout: 15_000 });
      expect(await empty.locator('h3').textContent()).toBe(title);
      expect((await empty.locator('p').textContent())?.length).toBeGreaterThan(40);
      expect(await carol.locator('nav a[aria-current="page"]').getAttribute('href')).toBe(path);
      await shot(carol, testId);
    }
    await carol.goto(`${stack.dev.origin}/app/shares`);
    expect(await carol.getByTestId('links-empty').locator('h3').textContent()).toBe('No links yet');
  });

  it('creates a link in a dialog laid out as a form, shows statistics by picture, and confirms a revoke', async () => {
    const items = publishItems(stack.media, stack.media.length, 'carol');
    const col = await publishCollection(carol, 'Lisbon weekend', items);
    await carol.goto(`${stack.dev.origin}/app/shares`);
    await carol.locator(`[data-collection="${col}"]`).getByRole('button', { name: 'Share…' }).click();
    const form = carol.getByRole('form', { name: 'Share Lisbon weekend' });
    await form.waitFor();
    // Labels above their inputs: each field is reachable by its label.
    for (const label of ['Kind', 'Title', 'Expires', 'Passcode', 'Web size + original'])
      expect(await form.getByLabel(label, { exact: false }).count(), label).toBe(1);
    await shot(carol, 'share-dialog');
    await form.getByLabel('Web size + original').check();
    await form.getByRole('button', { name: 'Create link' }).click();
    const created = carol.getByTestId('new-share');
    shareUrl = (await created.getByTestId('share-url').getAttribute('href'))!;
    expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);
    await shot(carol, 'share-created');
    await created.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => carol.getByTestId('share-dialog').count()).toBe(0); // closes a moment after the key or click
    // A second share starts from an empty form.
    await carol.locator(`[data-collection="${col}"]`).getByRole('button', { name: 'Share…' }).click();
    expect(await form.getByLabel('Web size + original').isChecked()).toBe(false);
    expect(await form.getByLabel('None: guests only view').isChecked()).toBe(true);
    await carol.keyboard.press('Escape');
    await expect.poll(() => carol.getByTestId('share-dialog').count()).toBe(0); // closes a moment after the key or click

    // A guest views two photos; the owner's statistics name them by picture and capture time.
    const ids = (
      await api<{ items: { id: string }[] }>(carol, 'GET', `/api/public/shares/${shareUrl.split('/s/')[1]}/items`)
    ).json.items.map((i) => i.id);
    await api(carol, 'POST', `/api/public/shares/${shareUrl.split('/s/')[1]}/stats`, {
      events: [
        { itemId: ids[0], kind: 'viewed' },
        { itemId: ids[1], kind: 'viewed' },
        { itemId: ids[1], kind: 'liked' },
      ],
    });
    const row = carol.locator('[data-share][data-status="active"]').first();
    const stats = carol.getByTestId('stats');
    await expect
      .poll(
        async () => {
          await row.getByRole('button', { name: 'Statistics' }).click();
          return stats.locator('li').count();
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    const text = (await stats.textContent()) ?? '';
    for (const id of ids) expect(text).not.toContain(id);
    expect(await stats.locator('.item-title').allTextContents()).toEqual([
      expect.stringMatching(/^Photo · .*2024/),
      expect.stringMatching(/^Photo · .*2024/),
    ]);
    await expect
      .poll(() => loadedImages(carol, '[data-testid="stats"]'), { timeout: 10_000 })
      .toEqual([expect.any(Number), expect.any(Number)]);
    expect((await loadedImages(carol, '[data-testid="stats"]')).every((w) => Number(w) > 0)).toBe(true);
    await shot(carol, 'statistics');

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = carol.getByTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(
      true,
    );
    await shot(carol, 'confirm-revoke');
    await carol.keyboard.press('Escape');
    expect(await carol.locator('[data-share][data-status="active"]').count()).toBe(1);
  });

  it('turns the guest lightbox by swiping on a phone', async () => {
    const context = await phone.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      hasTouch: true,
      isMobile: true,
    });
    const guest = await context.newPage();
    await guest.goto(shareUrl);
    await guest.locator('.tile-img.loaded').first().waitFor({ timeout: 20_000 });
    await shot(guest, 'phone-grid');
    const total = stack.media.length;
    await guest.locator('.tile').first().tap();
    const box = guest.getByTestId('lightbox');
    const counter = box.locator('.counter');
    expect(await counter.textContent()).toBe(`1 / ${total}`);
    const area = (await box.getByTestId('swipe-area').boundingBox())!;
    const y = area.y + area.height / 2;
    await swipe(guest, [area.x + area.width * 0.8, y], [area.x + area.width * 0.2, y]);
    await expect.poll(() => counter.textContent()).toBe(`2 / ${total}`);
    await swipe(guest, [area.x + area.width * 0.8, y], [area.x + area.width * 0.2, y]);
    await expect.poll(() => counter.textContent()).toBe(`3 / ${total}`);
    await swipe(guest, [area.x + area.width * 0.2, y], [area.x + area.width * 0.8, y]);
    await expect.poll(() => counter.textContent()).toBe(`2 / ${total}`);
    // A mostly vertical move and a short one leave the item as it is.
    await swipe(guest, [area.x + area.width * 0.5, y - 150], [area.x + area.width * 0.4, y + 150]);
    await swipe(guest, [area.x + area.width * 0.5, y], [area.x + area.width * 0.45, y]);
    await guest.waitForTimeout(300);
    expect(await counter.textContent()).toBe(`2 / ${total}`);
    await shot(guest, 'phone-lightbox');
    await context.close();
  });

  it('shows the approval queue as pictures with titles and confirms a rejection', async () => {
    const now = Date.now();
    const ev = await api<{ token: string; event: { id: string } }>(carol, 'POST', '/api/events', {
      title: 'Rooftop party',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
    });
    const bob = await stack.guest.context.newPage();
    await signInThroughPortal(bob, stack, 'bob', '/app/contributions');
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const col = await publishCollection(bob, 'Bob at the roof', publishItems(jpegs, 4, 'roof'));
    expect(
      (await api(bob, 'POST', '/api/contributions', { eventToken: ev.json.token, collectionId: col })).status,
    ).toBe(201);
    await carol.goto(`${stack.dev.origin}/app/events/${ev.json.event.id}`);
    const queue = carol.getByTestId('queue');
    await expect.poll(() => queue.locator(':scope > li').count(), { timeout: 15_000 }).toBe(4);
    expect(await carol.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('/app/events');
    await expect
      .poll(async () => (await loadedImages(carol, '[data-testid="queue"]')).filter((w) => Number(w) > 0).length, {
        timeout: 10_000,
      })
      .toBe(4);
    expect(await queue.locator('.item-title').first().textContent()).toMatch(/^Photo · .*2024/);
    await queue.locator(':scope > li').first().locator('input[type="checkbox"]').check();
    await shot(carol, 'approval-queue');
    await queue.locator(':scope > li').nth(1).getByRole('button', { name: 'Reject' }).click();
    await carol.getByTestId('confirm-dialog').waitFor();
    await shot(carol, 'confirm-reject');
    await carol.getByTestId('confirm-dialog').getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => queue.locator(':scope > li').count(), { timeout: 10_000 }).toBe(3);
    await carol.getByTestId('toast').first().waitFor();
    await shot(carol, 'after-reject');

    await bob.goto(`${stack.dev.origin}/app/contributions`);
    const mine = bob.locator('li[data-contribution]');
    await expect.poll(() => mine.locator('.thumb-strip li').count(), { timeout: 10_000 }).toBe(4);
    expect(await mine.locator('.thumb-strip li[data-state="rejected"]').count()).toBe(1);
    await shot(bob, 'contributions');
    await bob.close();
  });
});
