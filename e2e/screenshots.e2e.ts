import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairInTab, putCollection, type ShareStack, signIn, startShareStack, waitShare } from './share-support';
import { corpora } from './vision-support';

/**
 * One PNG per page, for a person to look at: the dashboard with the demo sources scanned (plus six face crops in the
 * demo OneDrive so People has faces), the popup, the portal's owner pages and the guest viewer, on desktop and phone
 * sizes. The folder is printed; HYPOMOS_SCREENSHOTS picks it. Each shot also asserts that the page rendered
 * (its heading or main element is visible), so a blank page fails the run instead of producing a blank PNG.
 */
const OUT = process.env.HYPOMOS_SCREENSHOTS ?? join(tmpdir(), `hypomos-screenshots-${Date.now()}`);
const FACES = ['amy/amy1.png', 'amy/amy2.png', 'amy/amy3.png', 'sheldon/sheldon1.png', 'sheldon/sheldon2.png'];

describe('screenshots of every page', () => {
  let stack: ShareStack;
  const shots: string[] = [];
  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(400); // let images decode and transitions end
    const path = join(OUT, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path });
    shots.push(path);
  };

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    console.log(`screenshots: ${OUT}`);
    stack = await startShareStack();
    for (const f of FACES)
      stack.demo.graph.store.addFile({
        path: `Pictures/People/${f.replace('/', '-')}`,
        bytes: await readFile(`${corpora}/faces-face-api-js/${f}`),
        mimeType: 'image/png',
      });
    await stack.client.send({ type: 'sources.sync' });
    await stack.client.waitIdle(Object.values(stack.sourceIds));
    await pairInTab(stack, 'alice');
  }, 400_000);
  afterAll(async () => {
    await stack?.close();
    console.log(`screenshots: ${shots.length} PNGs in ${OUT}`);
  });

  it('dashboard pages', async () => {
    const page = stack.client.page;
    const visit = async (hash: string, name: string, ready: string) => {
      await page.goto(page.url().replace(/#.*$/, `#/${hash}`));
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      await shot(page, name);
    };
    await visit('sources', 'sources', '[data-testid="source-card"]');
    await visit('timeline', 'timeline', '.tile');
    await page.locator('.tile').first().dblclick();
    await page.locator('.lightbox').waitFor();
    await shot(page, 'lightbox');
    await page.keyboard.press('Escape');
    await visit('search?q=camera%3Acanon', 'search', '.page.search');
    await visit('map', 'map', '.leaflet-container');
    await visit('explore', 'explore', '.page');
    await visit('shared', 'shared-with-me', '.page');
    await visit('settings', 'settings', '.page.settings');

    // People: switch vision on for the demo OneDrive through the consent dialog, then wait for the faces.
    await visit('people', 'people-before-vision', '[data-testid="vision-panel"]');
    await page.getByTestId(`vision-optin-${stack.sourceIds.onedrive}`).click();
    await page.getByTestId('vision-consent-accept').click();
    await expect
      .poll(() => page.getByTestId('vision-progress').textContent(), { timeout: 300_000, interval: 2000 })
      .toMatch(/(\d+) of \1 analysed/);
    await page.locator('[data-testid="person-card"]').first().waitFor({ timeout: 30_000 });
    await shot(page, 'people');
    await page
      .getByTestId('person-card')
      .first()
      .getByRole('button', { name: /^Open / })
      .click();
    await page.getByTestId('face-tile').first().waitFor();
    await shot(page, 'person');
    await visit('housekeeping', 'housekeeping', '.page');
    await visit('insights', 'insights', '[data-testid="insight-source"] [data-stat="items"]');

    await putCollection(stack.client, {
      id: 'shot-nature',
      kind: 'dynamic',
      title: 'Nature',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [stack.sourceIds.onedrive] },
    });
    await visit('collections', 'collections', '.page');
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'shot-nature',
      kind: 'link',
      title: 'Nature',
    });
    await waitShare(stack.client, shareId, (s) => !!s.url && !s.counts.pending);
    await visit('collections/shot-nature', 'collection', '.tile');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByTestId('share-card').waitFor();
    await shot(page, 'collection-sharing');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('confirm-dialog').waitFor();
    await shot(page, 'confirm-revoke');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.setViewportSize({ width: 420, height: 860 });
    await visit('timeline', 'timeline-narrow', '.tile');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 500_000);

  it('popup', async () => {
    const popup = await stack.owner.openPage('popup.html');
    await popup.setViewportSize({ width: 360, height: 520 });
    await popup.getByTestId('library-counts').waitFor();
    await shot(popup, 'popup');
    await popup.close();
  });

  it('portal owner pages and the guest viewer', async () => {
    const owner = await stack.owner.context.newPage();
    for (const [path, name] of [
      ['/app/shares', 'portal-shares'],
      ['/app/events', 'portal-events'],
      ['/app/inbox', 'portal-inbox'],
      ['/app/contributions', 'portal-contributions'],
      ['/app/extension', 'portal-extension'],
    ] as const) {
      await owner.goto(`${stack.portal.origin}${path}`);
      await owner.locator('main, .owner').first().waitFor();
      await owner.waitForTimeout(1500); // the page's own requests (no networkidle: the portal polls)
      await shot(owner, name);
    }
    const shares = await stack.client.send<{ url: string | null }[]>({ type: 'sharing.list' });
    const url = shares.find((s) => s.url)?.url;
    expect(url).toBeTruthy();
    const guest = await stack.guest.context.newPage();
    await signIn(guest, stack, 'bob');
    await guest.goto(url!);
    await guest.locator('.tile').first().waitFor();
    await guest.waitForTimeout(2000);
    await shot(guest, 'viewer');
    await guest.locator('.tile').first().click();
    await guest.waitForTimeout(800);
    await shot(guest, 'viewer-lightbox');
    await guest.setViewportSize({ width: 390, height: 844 });
    await guest.goto(url!);
    await guest.locator('.tile').first().waitFor();
    await guest.waitForTimeout(2000);
    await shot(guest, 'viewer-phone');
  });
});
