import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages, indexRow, putAll, sourceRow } from './hosts-support';

// Security (issue 9): hostile strings shown by the content scripts inside Google Drive (the saved Drive page under
// its real host name) stay text. A collection named with script payloads is created from the toolbar, then
// listed by it; no script runs (no dialog, no window.__xss in the page), no element is made from the payload.

const DRIVE = { img101: '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-', img102: '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG' };
const HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script>';

const toolbar = (page: Page) => page.locator('[data-hypomos="toolbar"]');

describe('content scripts render hostile strings inert', () => {
  let fixture: HttpsFixture;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixture = await startHttpsFixture(hostPages());
    browser = await launchChromium({ hostMap: { 'drive.google.com': fixture.port } });
    const ext = await browser.openPage('popup.html');
    await ext.getByTestId('library-counts').waitFor({ timeout: 10_000 });
    await putAll(ext, 'sources', [sourceRow('gdrive-test', 'gdrive', 'Test Drive')]);
    await putAll(ext, 'items', [
      indexRow('gdrive-test', 'gdrive', DRIVE.img101, HOSTILE),
      indexRow('gdrive-test', 'gdrive', DRIVE.img102, 'IMG_0102.jpg'),
    ]);
    await ext.close();
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('a collection titled with script payloads is created and listed from the Drive toolbar as text', {
    timeout: 60_000,
  }, async () => {
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count(), { timeout: 10_000 }).toBe(1);
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-action="addToCollection"]').click();
    await toolbar(page).getByLabel('New collection name').fill(HOSTILE);
    await toolbar(page).getByRole('button', { name: 'Create and add' }).click();
    await expect
      .poll(() => toolbar(page).locator('[role="status"]').textContent())
      .toBe(`Added to "${HOSTILE}": 2 of 2.`);

    expect(await toolbar(page).locator('img[src="x"], script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();

    // In a fresh Drive tab, the panel lists the new collection by its title.
    const again = await browser.context.newPage();
    again.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await again.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(again).count(), { timeout: 10_000 }).toBe(1);
    await toolbar(again).locator('[data-hypomos-button]').click();
    await toolbar(again).locator('[data-action="addToCollection"]').click();
    const listed = toolbar(again).locator('[data-collection-id]');
    await expect.poll(() => listed.allTextContents()).toContain(`${HOSTILE} (2)`);

    expect(await toolbar(again).locator('img[src="x"], script').count()).toBe(0);
    expect(await again.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await again.close();
  });
});
