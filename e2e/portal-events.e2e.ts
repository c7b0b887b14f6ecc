import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type PortalStack,
  publishCollection,
  publishItems,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// The organizer's event pages and a guest's inbox in Chromium: create an event in the UI (link + QR), a signed-in
// guest contributes, the approval queue decides singly and in bulk, and the public event page shows exactly the
// approved items with their contributor's name.

let stack: PortalStack;
let alice: Page;
let bob: Page;

const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const HOSTILE = '<script>window.__xss=3</script><img src=x onerror="window.__xss=4">';

describe('portal events, approvals and inbox in Chromium', () => {
  let eventUrl: string;
  let bobCollection: string;

  beforeAll(async () => {
    stack = await startPortalStack();
    alice = await stack.owner.context.newPage();
    await signInThroughPortal(alice, stack, 'alice', '/app/events');
    bob = await stack.guest.context.newPage();
    await signInThroughPortal(bob, stack, 'bob', '/app/inbox');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the organizer creates an event in the UI and gets its share-to link and QR code', async () => {
    const form = alice.getByRole('form', { name: 'New event' });
    await form.locator('input[name="title"]').fill(`${HOSTILE} Nina's 30th`);
    await form.locator('input[name="startsAt"]').fill(localInput(Date.now() - 3_600_000));
    await form.locator('input[name="endsAt"]').fill(localInput(Date.now() + 3_600_000));
    await form.locator('input[name="contributionsEndAt"]').fill(localInput(Date.now() + 7_200_000));
    await form.locator('input[name="expiresAt"]').fill(localInput(Date.now() + 86_400_000));
    await form.getByRole('button', { name: 'Create event' }).click();
    const created = alice.getByTestId('new-event');
    eventUrl = (await created.getByTestId('share-url').getAttribute('href'))!;
    expect(eventUrl).toMatch(new RegExp(`^${stack.dev.origin}/e/[A-Za-z0-9_-]{22,}$`));
    await stack.owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.dev.origin });
    await created.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => created.getByRole('button', { name: 'Copied' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe(eventUrl);
    const qr = created.getByTestId('event-qr');
    expect(await qr.getAttribute('src')).toBe(
      `${stack.dev.origin}/api/public/events/${eventUrl.split('/e/')[1]}/qr.svg`,
    );
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const png = await fetch(
      await created
        .getByRole('link', { name: 'Download QR code (PNG)' })
        .getAttribute('href')
        .then((h) => h!),
    );
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(await alice.locator('[data-event] a').first().textContent()).toBe(`${HOSTILE} Nina's 30th`);
    // The form is cleared after use, ready for the next event.
    expect(await form.locator('input[name="title"]').inputValue()).toBe('');
  });

  it('shows nothing until the organizer approves, then exactly the approved items with the contributor name', async () => {
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    bobCollection = await publishCollection(bob, 'Bob at the party', publishItems(jpegs, 3, 'bob'));
    const contributed = await api(bob, 'POST', '/api/contributions', {
      eventToken: eventUrl.split('/e/')[1],
      collectionId: bobCollection,
    });
    expect(contributed.status).toBe(201);

    const viewer = await stack.guest.context.newPage();
    await viewer.goto(eventUrl);
    expect(await viewer.getByTestId('viewer-title').textContent()).toBe(`${HOSTILE} Nina's 30th`);
    await expect.poll(() => viewer.getByText('Nothing to show yet.').count(), { timeout: 10_000 }).toBe(1);
    expect(await viewer.getByTestId('item-count').textContent()).toBe('0 items');
    expect(await viewer.getByText('open for contributions', { exact: false }).count()).toBe(1);

    await alice.goto(`${stack.dev.origin}/app/events`);
    await alice.locator('[data-event] a').first().click();
    const queue = alice.getByTestId('queue');
    await expect.poll(() => queue.locator('li').count(), { timeout: 10_000 }).toBe(3);
    const ids = await queue.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-item-id')!));
    for (const id of ids.slice(0, 2)) await queue.locator(`li[data-item-id="${id}"] input[type="checkbox"]`).check();
    await alice.getByRole('button', { name: 'Approve selected (2)' }).click();
    const results = alice.getByTestId('decision-results');
    // Each result names its item by picture and capture time, with the state it is in now.
    const decided = () =>
      results
        .locator('li')
        .evaluateAll((lis) =>
          lis.map((li) => `${li.getAttribute('data-item-id')}: ${li.querySelector('.pill')?.textContent}`),
        );
    await expect.poll(decided, { timeout: 10_000 }).toEqual(ids.slice(0, 2).map((id) => `${id}: now approved`));
    expect(await results.locator('li').first().textContent()).toMatch(/^Photo · .*2024/);
    await queue.locator(`li[data-item-id="${ids[2]}"]`).getByRole('button', { name: 'Reject' }).click();
    // Rejecting is confirmed first.
    const confirm = alice.getByTestId('confirm-dialog');
    expect(await confirm.getByRole('heading').textContent()).toBe('Reject 1 photo?');
    await confirm.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(decided, { timeout: 10_000 }).toEqual([`${ids[2]}: now rejected`]);
    await expect.poll(() => queue.locator('li').count(), { timeout: 10_000 }).toBe(0);
    // "Undo" in the toast puts it back in the queue; rejected again, for good this time.
    await alice.getByTestId('toast').filter({ hasText: 'rejected' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => queue.locator('li').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => alice.getByTestId('toast').filter({ hasText: 'Undone' }).count()).toBe(1);
    await queue.locator(`li[data-item-id="${ids[2]}"]`).getByRole('button', { name: 'Reject' }).click();
    await confirm.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => queue.locator('li').count(), { timeout: 10_000 }).toBe(0);
    await alice.getByRole('tab', { name: 'approved' }).click();
    await expect.poll(() => queue.locator('li').count(), { timeout: 10_000 }).toBe(2);

    await viewer.reload();
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 10_000 }).toBe('2 items');
    expect(
      (await viewer.locator('.tile').evaluateAll((t) => t.map((x) => x.getAttribute('data-item-id')))).sort(),
    ).toEqual(ids.slice(0, 2).sort());
    expect(await viewer.locator('.tile-by').allTextContents()).toEqual(['Bob Guest', 'Bob Guest']);
    await viewer.locator('.tile').first().click();
    expect(await viewer.getByTestId('lightbox').locator('.caption').textContent()).toContain('by Bob Guest');
    await viewer.keyboard.press('Escape');

    await alice.getByRole('button', { name: 'Statistics' }).click();
    await expect
      .poll(
        async () => {
          await alice.getByRole('button', { name: 'Statistics' }).click();
          return alice.getByTestId('stats').locator('p').textContent();
        },
        { timeout: 15_000 },
      )
      .toMatch(/^1 views/);
    for (const page of [viewer, alice])
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    await bob.goto(`${stack.dev.origin}/app/contributions`);
    const mine = bob.locator('li[data-contribution]');
    expect(await mine.textContent()).toContain('2 approved · 0 pending · 1 rejected · 0 withdrawn');
    // Each contributed photo shows as a picture with the organizer's decision on it.
    await expect
      .poll(() => mine.locator('.thumb-strip li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state'))))
      .toEqual(expect.arrayContaining(['approved', 'approved', 'rejected']));
    await expect
      .poll(() =>
        mine
          .locator('.thumb-strip img')
          .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toBe(true);
    await mine.getByRole('button', { name: 'Withdraw all' }).click();
    await bob.getByTestId('confirm-dialog').getByRole('button', { name: 'Withdraw all' }).click();
    await expect.poll(() => mine.getAttribute('data-withdrawn'), { timeout: 10_000 }).toBe('true');
    await viewer.reload();
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 10_000 }).toBe('0 items');
  });

  it('a direct share waits in the recipient inbox until accepted (or declined), then opens in the viewer', async () => {
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const family = await publishCollection(alice, 'Family', publishItems(jpegs, 4, 'family'));
    const work = await publishCollection(alice, 'Work trip', publishItems(jpegs, 2, 'work'));
    for (const id of [family, work])
      expect((await api(alice, 'POST', `/api/collections/${id}/recipients`, { email: 'bob@example.org' })).status).toBe(
        201,
      );
    await bob.goto(`${stack.dev.origin}/app/inbox`);
    const declined = bob.locator('li[data-entry]').filter({ hasText: 'Work trip' });
    await declined.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => declined.getAttribute('data-status'), { timeout: 10_000 }).toBe('declined');
    const entry = bob.locator('li[data-entry]').filter({ hasText: 'Family' });
    expect(await entry.getAttribute('data-status')).toBe('pending');
    expect(await entry.getByRole('link').count()).toBe(0);
    await entry.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => entry.getAttribute('data-status'), { timeout: 10_000 }).toBe('accepted');
    await entry.getByRole('link', { name: 'Family' }).click();
    await expect.poll(() => bob.getByTestId('item-count').textContent(), { timeout: 10_000 }).toBe('4 items');
    await expect.poll(() => bob.getByText('from Alice Organizer').count(), { timeout: 10_000 }).toBe(1);
  });
});
