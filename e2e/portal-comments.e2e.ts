import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// Comments and reactions (issue 23) in Chromium against the real worker (wrangler dev, local D1): the owner turns
// them on for one link, a guest in another browser reacts and comments under a name, a second viewer sees both and
// adds a reaction, the owner deletes one comment from the portal, and the guest deletes their own.

const SHOTS = process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), 'hypomos-comments-shots');
const TITLE = 'Lake weekend';
let stack: PortalStack;
let owner: Page;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

describe('comments and reactions on a share link', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    stack = await startPortalStack();
    owner = await stack.owner.context.newPage();
    await owner.setViewportSize({ width: 1280, height: 900 });
    await signInThroughPortal(owner, stack, 'alice');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a guest reacts and comments, another viewer sees it, the owner deletes one, the author deletes theirs', {
    timeout: 240_000,
  }, async () => {
    const collectionId = await publishCollection(owner, TITLE, publishItems(stack.media, stack.media.length, 'lake'));
    await owner.goto(`${stack.dev.origin}/app/shares`);
    await owner.locator(`[data-collection="${collectionId}"]`).getByRole('button', { name: 'Share…' }).click();
    await owner
      .getByRole('form', { name: `Share ${TITLE}` })
      .getByRole('button', { name: 'Create link' })
      .click();
    const url = (await owner.getByTestId('share-url').getAttribute('href'))!;
    await owner.getByRole('button', { name: 'Done' }).click();

    // Off by default: the guest sees no panel. The owner turns both on for this link.
    const row = owner.locator('li[data-share]').filter({ hasText: TITLE });
    await row.getByRole('button', { name: 'Comments' }).click();
    const panel = row.getByTestId('comments-panel');
    await panel.getByText('Off: viewers of this link see no comments or reactions.').waitFor();
    await panel.getByLabel('Viewers can comment').check();
    await row.locator('.pill', { hasText: 'Comments on' }).waitFor();
    await panel.getByLabel('Viewers can react').check();
    await row.locator('.pill', { hasText: 'Comments & reactions' }).waitFor();

    // The guest, in another browser, reacts and comments on the first photo.
    const guest = await stack.guest.context.newPage();
    await guest.setViewportSize({ width: 1280, height: 800 });
    await guest.goto(url);
    await expect.poll(() => guest.locator('.tile-img.loaded').count(), { timeout: 20_000 }).toBeGreaterThan(3);
    await guest.locator('.tile').first().click();
    const lightbox = guest.getByTestId('lightbox');
    const gPanel = lightbox.getByTestId('feedback-panel');
    await gPanel.getByText('No comments yet.').waitFor();
    await gPanel.getByRole('button', { name: 'Love it' }).click();
    await expect
      .poll(() => gPanel.getByRole('button', { name: 'Love it (1)' }).getAttribute('aria-pressed'))
      .toBe('true');
    await gPanel.getByTestId('comment-name').fill('Maya');
    for (const body of ['<b>Gorgeous</b> light on the water!', 'Please delete this one', 'Oops, typo']) {
      await gPanel.getByTestId('comment-body').fill(body);
      await gPanel.getByRole('button', { name: 'Post' }).click();
      await gPanel.getByTestId('comment').filter({ hasText: body }).waitFor();
    }
    // Plain text: the markup is shown as typed, never rendered.
    expect(await gPanel.locator('.fb-body b').count()).toBe(0);
    expect(await gPanel.getByTestId('comment').first().locator('.fb-body').textContent()).toBe(
      '<b>Gorgeous</b> light on the water!',
    );
    // The author deletes their own last comment.
    await gPanel
      .getByTestId('comment')
      .filter({ hasText: 'Oops, typo' })
      .getByRole('button', { name: /Delete your comment/ })
      .click();
    await expect.poll(() => gPanel.getByTestId('comment').count()).toBe(2);

    // Another viewer (the owner's browser, here just a viewer of the link) sees both comments and the reaction.
    const other = await stack.owner.context.newPage();
    await other.setViewportSize({ width: 1280, height: 800 });
    await other.goto(url);
    const firstTile = other.locator('.tile-wrap').first();
    await firstTile.getByTestId('tile-reactions').filter({ hasText: '1' }).waitFor({ timeout: 20_000 });
    await firstTile.getByTestId('tile-comments').filter({ hasText: '2' }).waitFor();
    await other.locator('.tile').first().click();
    const oPanel = other.getByTestId('feedback-panel');
    await expect.poll(() => oPanel.getByTestId('comment').count()).toBe(2);
    expect(await oPanel.getByRole('button', { name: /Delete your comment/ }).count()).toBe(0);
    await oPanel.getByRole('button', { name: 'Wow' }).click();
    await oPanel.getByRole('button', { name: 'Wow (1)' }).waitFor();
    // The name is remembered in this browser only: the other viewer starts empty.
    expect(await oPanel.getByTestId('comment-name').inputValue()).toBe('');

    // The owner deletes the second comment from the portal.
    await owner.bringToFront();
    await owner.reload();
    await row.getByRole('button', { name: 'Comments' }).click();
    const list = row.getByTestId('owner-comments');
    await list.locator('li').filter({ hasText: 'Please delete this one' }).waitFor();
    await expect.poll(() => list.locator('li .thumb img').count(), { timeout: 10_000 }).toBe(2);
    await shot(owner, '03-owner-comments');
    await list
      .locator('li')
      .filter({ hasText: 'Please delete this one' })
      .getByRole('button', { name: 'Delete comment by Maya' })
      .click();
    await expect.poll(() => list.locator('li').count()).toBe(1);

    // The guest reopens the photo: one comment, two reactions; the tile says so too, and the name is remembered.
    await guest.reload();
    await expect.poll(() => guest.locator('.tile-img.loaded').count(), { timeout: 20_000 }).toBeGreaterThan(3);
    const tile = guest.locator('.tile-wrap').first();
    await tile.getByTestId('tile-reactions').filter({ hasText: '2' }).waitFor();
    await tile.getByTestId('tile-comments').filter({ hasText: '1' }).waitFor();
    await guest.waitForTimeout(600);
    await shot(guest, '02-tiles-with-counts');
    await tile.screenshot({ path: join(SHOTS, '02b-tile-close-up.png') });
    await guest.locator('.tile').first().click();
    await expect.poll(() => gPanel.getByTestId('comment').count()).toBe(1);
    await gPanel.getByRole('button', { name: 'Wow (1)' }).waitFor();
    expect(await gPanel.getByTestId('comment-name').inputValue()).toBe('Maya');
    await gPanel.getByTestId('comment-body').fill('Can we have a print of this?');
    await gPanel.getByRole('button', { name: 'Post' }).click();
    await gPanel.getByTestId('comment').filter({ hasText: 'a print' }).waitFor();
    await guest.waitForTimeout(500);
    await shot(guest, '01-lightbox-with-comments');
    // On a phone the panel sits under the photo.
    await guest.setViewportSize({ width: 390, height: 844 });
    await gPanel.getByTestId('comment').first().waitFor();
    await shot(guest, '04-lightbox-phone');
    await guest.setViewportSize({ width: 1280, height: 800 });

    // Reactions toggle: the guest takes their heart back.
    await gPanel.getByRole('button', { name: 'Love it (1)' }).click();
    await expect.poll(() => gPanel.getByRole('button', { name: 'Love it' }).getAttribute('aria-pressed')).toBe('false');
  });
  it('on an event: the organizer turns them on, a signed-in guest comments, the organizer deletes; withdrawn items show none', {
    timeout: 240_000,
  }, async () => {
    const guest = await stack.guest.context.newPage();
    await guest.setViewportSize({ width: 1280, height: 800 });
    await signInThroughPortal(guest, stack, 'bob', '/app/inbox');
    const day = 86_400_000;
    const ev = await api<{ token: string; event: { id: string } }>(owner, 'POST', '/api/events', {
      title: 'Nina’s 30th',
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + day).toISOString(),
      expiresAt: new Date(Date.now() + 7 * day).toISOString(),
    });
    expect(ev.status).toBe(201);
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const bobCollection = await publishCollection(guest, 'Bob at the party', publishItems(jpegs, 3, 'party'));
    const contribution = await api<{ id: string }>(guest, 'POST', '/api/contributions', {
      eventToken: ev.json.token,
      collectionId: bobCollection,
    });
    const queue = await api<{ entries: { itemId: string }[] }>(owner, 'GET', `/api/events/${ev.json.event.id}/queue`);
    const approved = queue.json.entries.map((e) => e.itemId);
    await api(owner, 'POST', `/api/events/${ev.json.event.id}/decisions`, {
      decisions: approved.map((itemId) => ({ itemId, decision: 'approve' })),
    });

    await owner.goto(`${stack.dev.origin}/app/events/${ev.json.event.id}`);
    const panel = owner.getByTestId('comments-panel');
    await panel.getByLabel('Viewers can comment').check();
    await panel.getByLabel('Viewers can react').check();
    await expect.poll(() => panel.getByLabel('Viewers can react').isDisabled()).toBe(false);

    await guest.goto(`${stack.dev.origin}/e/${ev.json.token}`);
    await expect.poll(() => guest.locator('.tile-img.loaded').count(), { timeout: 20_000 }).toBe(3);
    await guest.locator('.tile').first().click();
    const gPanel = guest.getByTestId('feedback-panel');
    await gPanel.getByRole('button', { name: 'On fire' }).click();
    await gPanel.getByRole('button', { name: 'On fire (1)' }).waitFor();
    await gPanel.getByTestId('comment-name').fill('Bob');
    await gPanel.getByTestId('comment-body').fill('Happy birthday Nina!');
    await gPanel.getByRole('button', { name: 'Post' }).click();
    await gPanel.getByTestId('comment').filter({ hasText: 'Happy birthday' }).waitFor();
    await guest.getByRole('button', { name: 'Next' }).click();
    await gPanel.getByTestId('comment-body').fill('Who took this one?');
    await gPanel.getByRole('button', { name: 'Post' }).click();
    await gPanel.getByTestId('comment').filter({ hasText: 'Who took' }).waitFor();

    // The organizer sees both on the event page and deletes one.
    await owner.reload();
    const list = owner.getByTestId('owner-comments');
    await expect.poll(() => list.locator('li').count(), { timeout: 10_000 }).toBe(2);
    await shot(owner, '05-organizer-comments');
    await list
      .locator('li')
      .filter({ hasText: 'Who took' })
      .getByRole('button', { name: 'Delete comment by Bob' })
      .click();
    await expect.poll(() => list.locator('li').count()).toBe(1);

    // Bob withdraws his first photo: its comment leaves the organizer's list and the event.
    const first = await guest.locator('.tile').first().getAttribute('data-item-id');
    const withdrawn = await api(guest, 'POST', `/api/contributions/${contribution.json.id}/withdraw`, {
      itemIds: [first],
    });
    expect(withdrawn.status).toBe(200);
    await owner.reload();
    await panel.getByText('0 comments').waitFor();
    expect(await owner.getByTestId('owner-comments').count()).toBe(0);
  });
});
