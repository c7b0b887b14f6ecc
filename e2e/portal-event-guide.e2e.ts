import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type PortalStack,
  publishCollection,
  publishItems,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// A first-time guest on an open event (issue 23): "Add your photos" explains the three steps through the extension
// (photos stay in the guest's cloud) and hands over the event link. Counts the guest's clicks on the portal.

const SHOTS = process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), 'hypomos-proofing-shots');
let stack: PortalStack;

describe('"Add your photos" on an event page', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    stack = await startPortalStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a first-time guest gets the three steps and the event link in two clicks; a closed event offers none', async () => {
    const organizer = await stack.owner.context.newPage();
    await signInThroughPortal(organizer, stack, 'alice');
    const day = 86_400_000;
    const open = await api<{ url: string }>(organizer, 'POST', '/api/events', {
      title: 'Garden party',
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + day).toISOString(),
      expiresAt: new Date(Date.now() + 30 * day).toISOString(),
    });
    expect(open.status).toBe(201);

    const guest = await stack.guest.context.newPage();
    await stack.guest.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.dev.origin });
    await guest.setViewportSize({ width: 1280, height: 800 });
    let clicks = 0;
    const click = async (name: string) => {
      clicks++;
      await guest.getByRole('button', { name }).click();
    };
    await guest.goto(open.json.url);
    await guest.getByTestId('add-photos').waitFor();
    expect(await guest.getByTestId('add-photos-steps').count()).toBe(0);
    await click('Add your photos');
    const steps = guest.getByTestId('add-photos-steps').locator(':scope > li');
    expect(await steps.count()).toBe(3);
    expect(await steps.nth(0).textContent()).toContain('Install the Hypomos extension');
    expect(await steps.nth(2).textContent()).toContain('Share to event…');
    expect(await guest.getByTestId('share-url').getAttribute('href')).toBe(open.json.url);
    await click('Copy link');
    await guest.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await guest.evaluate(() => navigator.clipboard.readText())).toBe(open.json.url);
    expect(clicks).toBe(2);
    await guest.screenshot({ path: join(SHOTS, '06-event-add-your-photos.png'), fullPage: true });

    const closed = await api<{ url: string }>(organizer, 'POST', '/api/events', {
      title: 'Last year',
      startsAt: new Date(Date.now() - 3 * day).toISOString(),
      endsAt: new Date(Date.now() - 2 * day).toISOString(),
      contributionsEndAt: new Date(Date.now() - day).toISOString(),
      expiresAt: new Date(Date.now() + 30 * day).toISOString(),
    });
    expect(closed.status).toBe(201);
    await guest.goto(closed.json.url);
    await guest.getByTestId('viewer-title').waitFor();
    expect(await guest.getByTestId('add-photos').count()).toBe(0);

    // The guest follows the steps (the extension's "Share to event…" makes this same call); the organizer hears of it.
    await signInThroughPortal(guest, stack, 'bob', '/app/inbox');
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const mine = await publishCollection(guest, 'Bob at the garden party', publishItems(jpegs, 3, 'bob'));
    const token = open.json.url.split('/e/')[1];
    expect((await api(guest, 'POST', '/api/contributions', { eventToken: token, collectionId: mine })).status).toBe(
      201,
    );
    await organizer.goto(`${stack.dev.origin}/app/events`);
    await organizer.getByTestId('activity-badge').filter({ hasText: '3' }).waitFor();
    const list = organizer.getByTestId('activity');
    expect(await list.getByRole('link', { name: 'Garden party' }).count()).toBe(1);
    expect(await list.textContent()).toContain('3 new photos');
    await organizer.screenshot({ path: join(SHOTS, '07-organizer-activity.png') });
  });
});
