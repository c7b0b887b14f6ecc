import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PortalStack,
  publishCollection,
  publishItems,
  signInThroughPortal,
  startPortalStack,
} from './portal-support';

// Client proofing (issue 23) in Chromium against the real worker (wrangler dev, local D1): the photographer turns
// favourites on for a gallery with a limit and a deadline, a client in another browser names themselves and picks
// up to the limit, the deadline locks the selection, and the photographer sees the picks and downloads the list.

const SHOTS = process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), 'hypomos-proofing-shots');
const LIMIT = 3;
let stack: PortalStack;
let owner: Page;

const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('client proofing on a photographer gallery', () => {
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

  it('the client favourites up to the limit, the deadline locks it, and the photographer gets the file names', {
    timeout: 240_000,
  }, async () => {
    const items = publishItems(stack.media, stack.media.length, 'wed').map((x, i) => ({
      ...x,
      fileName: `DSC_${String(4001 + i)}.jpg`,
    }));
    const collectionId = await publishCollection(owner, 'Anna & Ben, 12 June', items);

    await owner.goto(`${stack.dev.origin}/app/shares`);
    await owner.locator(`[data-collection="${collectionId}"]`).getByRole('button', { name: 'Share…' }).click();
    const form = owner.getByRole('form', { name: 'Share Anna & Ben, 12 June' });
    await form.getByRole('combobox').selectOption('gallery');
    await form.locator('input[name="expires"]').fill(localInput(Date.now() + 30 * 86_400_000));
    await form.getByLabel('Web size + original').check();
    await form.getByRole('button', { name: 'Create link' }).click();
    const url = (await owner.getByTestId('share-url').getAttribute('href'))!;
    await owner.getByRole('button', { name: 'Done' }).click();

    // The photographer turns favourites on: 3 per client, locked in a little over a minute (the test waits it out).
    const row = owner.locator('li[data-share]').filter({ hasText: 'Anna & Ben, 12 June' });
    await row.getByRole('button', { name: 'Favourites' }).click();
    const settings = row.getByRole('form', { name: 'Favourites settings' });
    await settings.locator('input[name="proofing"]').check();
    await settings.locator('input[name="proofing-limit"]').fill(String(LIMIT));
    // datetime-local has minute precision: the deadline is the start of a minute at least 60 s ahead.
    const deadline = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
    await settings.locator('input[name="proofing-deadline"]').fill(localInput(deadline));
    await settings.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Favourites on').waitFor();
    await row.getByTestId('proofing-summary').filter({ hasText: 'No client has started choosing yet.' }).waitFor();

    // The client, in another browser, names themselves and picks.
    const client = await stack.guest.context.newPage();
    await client.setViewportSize({ width: 1280, height: 900 });
    await client.goto(url);
    await expect.poll(() => client.locator('.tile-img.loaded').count(), { timeout: 20_000 }).toBeGreaterThan(3);
    await shot(client, '01-client-start');
    await client.getByTestId('proofing-name').fill('Anna');
    await client.getByRole('button', { name: 'Start choosing' }).click();
    await client
      .getByTestId('pick-count')
      .filter({ hasText: `0 of ${LIMIT} chosen` })
      .waitFor();
    const hearts = client.getByTestId('pick-heart');
    for (let i = 0; i < LIMIT; i++) {
      await hearts.nth(i).click();
      await client
        .getByTestId('pick-count')
        .filter({ hasText: `${i + 1} of ${LIMIT} chosen` })
        .waitFor();
    }
    await hearts.nth(LIMIT).click();
    await client
      .getByTestId('proofing-error')
      .filter({ hasText: `up to ${LIMIT} favourites` })
      .waitFor();
    expect(await client.locator('.pick-heart.picked').count()).toBe(LIMIT);
    await shot(client, '02-client-picked');
    await client.getByLabel('Show only my favourites').check();
    await expect.poll(() => client.getByTestId('item-count').textContent()).toBe(`${LIMIT} items`);
    await client.getByLabel('Show only my favourites').uncheck();

    // The photographer sees Anna's picks as she makes them.
    await row.getByRole('button', { name: 'Refresh' }).click();
    const anna = row.locator('li[data-client="Anna"]');
    await anna
      .getByTestId('client-count')
      .filter({ hasText: `${LIMIT} of ${LIMIT} chosen` })
      .waitFor();
    expect(await anna.locator('.proofing-file').allTextContents()).toEqual([
      'DSC_4001.jpg',
      'DSC_4002.jpg',
      'DSC_4003.jpg',
    ]);
    await expect.poll(() => anna.locator('.thumb img').count(), { timeout: 10_000 }).toBe(LIMIT);
    await shot(owner, '03-owner-picks');

    // The deadline passes: the selection is locked for the client, even after a reload.
    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now() + 1000)));
    await client.locator('.pick-heart.picked').first().click();
    await client.getByTestId('proofing-error').filter({ hasText: 'the selection is locked' }).waitFor();
    await client.reload();
    await client.getByTestId('proofing-bar').filter({ hasText: 'your selection is locked' }).waitFor();
    expect(await client.getByTestId('pick-count').textContent()).toBe(`${LIMIT} of ${LIMIT} chosen`);
    expect(await client.locator('.pick-heart.picked').count()).toBe(LIMIT);
    expect(await client.locator('.pick-heart:not(.picked)').count()).toBe(0);
    await shot(client, '04-client-locked');

    // The photographer downloads the list of file names.
    await row.getByRole('button', { name: 'Refresh' }).click();
    await row
      .getByTestId('proofing-summary')
      .filter({ hasText: `1 client chose ${LIMIT} photos` })
      .waitFor();
    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      row.getByRole('button', { name: 'File names (.txt)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('favourites.txt');
    const file = join(SHOTS, 'favourites.txt');
    await download.saveAs(file);
    expect(await readFile(file, 'utf8')).toBe('DSC_4001.jpg\nDSC_4002.jpg\nDSC_4003.jpg\n');
    await shot(owner, '05-owner-locked');
  });
});
