import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contributeThroughApi,
  createEvent,
  pairInTab,
  putCollection,
  rawTable,
  type ShareStack,
  signIn,
  startShareStack,
  waitShare,
} from './share-support';

const SHOTS = '/tmp/alerts2-shots';
const DAY = 86_400_000;

/**
 * Issue 23, in the extension: the organizer hears about activity and is reminded before a gallery closes. The
 * paired extension (Alice) organizes an event; Carol, in a plain profile, contributes a photo through the portal.
 * The background's pass (the sharing alarm's, asked for now) puts 1 on the toolbar badge (read from the service
 * worker with chrome.action.getBadgeText); the dashboard's Activity page lists Carol's photo, and opening it clears
 * the badge. A client gallery closing in two days then puts its reminder on the badge and the page.
 */
describe('organizer activity: toolbar badge and activity list (Chromium)', () => {
  let stack: ShareStack;
  const send = <T>(m: Record<string, unknown>) => stack.client.send<T>(m);
  /** What the toolbar button's badge says, asked of the extension's service worker. */
  const badge = async () =>
    (await stack.owner.serviceWorker()).evaluate(() => {
      const { chrome } = globalThis as unknown as {
        chrome: { action: { getBadgeText: (d: object) => Promise<string> } };
      };
      return chrome.action.getBadgeText({});
    });

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    stack = await startShareStack();
    await pairInTab(stack, 'alice');
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("a guest's photo: badge 1, listed with the guest's name and photo, seen on opening; a gallery closing in 2 days is recalled", async () => {
    // Three of Alice's OneDrive photos, shared as a link: their embed links stand in for the guest's own links. An
    // embed link redirects to the content host (the contract server's 127.0.0.2, for my.microsoftpersonalcontent.com),
    // so the photo shows only if the extension's img-src lists every hop (wxt.config.ts, shared/sharing/media-hosts).
    const photos = (await stack.client.rawItems(stack.sourceIds.onedrive))
      .filter((i) => i.mediaType === 'image')
      .slice(0, 3) as { key: string }[];
    await putCollection(stack.client, {
      id: 'wedding-picks',
      kind: 'static',
      title: 'Wedding picks',
      itemKeys: photos.map((p) => p.key),
      filter: null,
    });
    const link = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'wedding-picks',
      kind: 'link',
      title: 'Wedding picks',
    });
    await waitShare(stack.client, link.shareId, (s) => !!s.url && s.counts.published === 3);
    const links = (await rawTable<{ shareId: string; link: { url: string } | null }>(stack.client, 'published'))
      .filter((p) => p.shareId === link.shareId && p.link)
      .map((p) => p.link!.url);

    // Nothing waits yet: no badge.
    await send({ type: 'sharing.activity', refresh: true });
    expect(await badge()).toBe('');

    const alice = await stack.owner.context.newPage();
    await signIn(alice, stack, 'alice');
    const event = await createEvent(alice, 'Ana & Ben wedding');
    await alice.close();
    const carol = await stack.guest.context.newPage();
    await signIn(carol, stack, 'carol');
    expect(
      await contributeThroughApi(carol, {
        eventToken: event.token,
        sourceId: 'carol-drive',
        sourceName: 'Carol Drive',
        collectionTitle: 'Carol at the wedding',
        itemIds: ['carol-1'],
        link: links[0]!,
      }),
    ).toBe(201);
    await carol.close();

    // The sharing alarm's pass, asked for now instead of waiting up to five minutes.
    await send({ type: 'sharing.activity', refresh: true });
    await expect.poll(badge, { timeout: 15_000 }).toBe('1');

    // The toolbar popup says what the badge counts, with the way to the list.
    const popup = await stack.owner.openPage('popup.html');
    await expect
      .poll(() => popup.getByTestId('popup-activity').textContent(), { timeout: 15_000 })
      .toContain('1 new photo from your guests in Ana & Ben wedding');
    await popup.setViewportSize({ width: 360, height: 420 });
    await popup.screenshot({ path: `${SHOTS}/activity-popup.png` });
    await popup.close();

    const dashboard = await stack.owner.openPage('dashboard.html#/timeline');
    await expect.poll(() => dashboard.getByTestId('nav-activity-count').textContent(), { timeout: 15_000 }).toBe('1');
    await dashboard.getByRole('link', { name: /Activity/ }).click();
    const fresh = dashboard.getByTestId('activity-new');
    const card = fresh.locator('.contribution');
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await card.locator('.contributor').textContent()).toBe('Carol Guest');
    expect(await card.locator('.event-title').textContent()).toBe('Ana & Ben wedding');
    expect(await card.textContent()).toContain('just now');
    // The guest's photo itself, loaded from the guest's link.
    await expect
      .poll(() => card.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await card.locator('img').getAttribute('src')).toBe(links[0]);
    // Opening the list saw it: the badge clears, the nav count too.
    await expect.poll(badge, { timeout: 15_000 }).toBe('');
    await expect.poll(() => dashboard.getByTestId('nav-activity-count').count(), { timeout: 15_000 }).toBe(0);
    await dashboard.screenshot({ path: `${SHOTS}/activity-new.png` });

    // The next pass finds nothing new: the photo still waits for a decision, but no badge.
    await send({ type: 'sharing.activity', refresh: true });
    expect(await badge()).toBe('');

    // A client gallery closing in two days: the badge counts its reminder, the list says when it closes.
    const gallery = await send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'wedding-picks',
      kind: 'gallery',
      title: 'Ana & Ben: proofs',
      expiresAt: Date.now() + 2 * DAY,
    });
    await expect.poll(badge, { timeout: 15_000 }).toBe('1');
    await dashboard.reload();
    const reminder = dashboard.getByTestId('activity-reminders').locator(`[data-share-id="${gallery.shareId}"]`);
    await expect
      .poll(() => reminder.getByTestId('closes-in').textContent(), { timeout: 20_000 })
      .toBe('Closes in 2 days');
    expect(await reminder.locator('strong').textContent()).toBe('Ana & Ben: proofs');
    // Carol's photo is listed again, under "still waiting", no longer new.
    expect(await dashboard.getByTestId('activity-waiting').locator('.contributor').textContent()).toBe('Carol Guest');
    await expect.poll(badge, { timeout: 15_000 }).toBe('');
    await dashboard.screenshot({ path: `${SHOTS}/activity-reminder.png` });
  });
});
