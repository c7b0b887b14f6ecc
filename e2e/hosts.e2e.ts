import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages, indexRow, putAll, qrPng, readAll, sourceRow, tabIdOf } from './hosts-support';

// Ids in the saved pages (extension/src/features/hosts/fixtures).
const DRIVE = {
  folder: '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU',
  img101: '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-',
  img102: '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG',
  img103: '101-I89-sW_N7PUuWIOY-uLa5hxdoVU_h',
  img104: '1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr',
};
const ONEDRIVE = { dsc2041: 'A1B2C3D4E5F60718!121', dsc2042: 'A1B2C3D4E5F60718!122' };
const EVENT_TOKEN = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo';
const QR_EVENT_TOKEN = 'UVJfZXZlbnRfdG9rZW5fZm9yX2hvc3RzX2UyZV90ZXN';

interface CollectionRow {
  id: string;
  title: string;
  kind: string;
  itemKeys: string[];
}
interface ShareRow {
  id: string;
  kind?: string;
  eventToken?: string;
  collectionId: string;
}
interface PublishedRow {
  shareId: string;
  itemKey: string;
  state: string;
  approval?: string;
}

/** What the background does when a browser context-menu entry is chosen on a tab (context-menus/index.ts). */
const contextAction = (sw: Worker, tabId: number, action: string) =>
  sw.evaluate(
    ({ tabId, action }) => {
      const { chrome } = globalThis as unknown as {
        chrome: { tabs: { sendMessage: (id: number, m: object, o: object) => Promise<unknown> } };
      };
      return chrome.tabs.sendMessage(tabId, { type: 'hosts.contextAction', action }, { frameId: 0 });
    },
    { tabId, action },
  );

const toolbar = (page: Page) => page.locator('[data-hypomos="toolbar"]');
const menuButton = (page: Page) => toolbar(page).locator('[data-hypomos-button]');
const status = (page: Page) => toolbar(page).locator('[role="status"]');

describe('Hypomos inside Google Drive and OneDrive (Chromium, real host names)', () => {
  let fixture: HttpsFixture;
  let browser: ExtensionBrowser;
  let ext: Page;

  beforeAll(async () => {
    fixture = await startHttpsFixture(hostPages());
    browser = await launchChromium({
      hostMap: {
        'drive.google.com': fixture.port,
        'onedrive.live.com': fixture.port,
        'hypomos-test.sharepoint.com': fixture.port,
      },
    });
    // The popup asks the background for its status, which opens (and creates) the Dexie database.
    ext = await browser.openPage('popup.html');
    await ext.getByTestId('library-counts').waitFor({ timeout: 10_000 });
    await putAll(ext, 'sources', [
      sourceRow('gdrive-test', 'gdrive', 'Test Drive'),
      sourceRow('onedrive-test', 'onedrive', 'Test OneDrive'),
    ]);
    await putAll(ext, 'items', [
      indexRow('gdrive-test', 'gdrive', DRIVE.img101, 'IMG_0101.jpg'),
      indexRow('gdrive-test', 'gdrive', DRIVE.img102, 'IMG_0102.jpg'),
      indexRow('gdrive-test', 'gdrive', DRIVE.img104, 'IMG_0104.jpg'),
      indexRow('onedrive-test', 'onedrive', ONEDRIVE.dsc2041, 'DSC_2041.jpg', 'Pictures'),
      indexRow('onedrive-test', 'onedrive', ONEDRIVE.dsc2042, 'DSC_2042.jpg', 'Pictures'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('Drive: the toolbar button reads the selection and badges the indexed rows', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count(), { timeout: 10_000 }).toBe(1);
    // Placed in Drive's top bar, not floating.
    expect(await page.locator('header[role="banner"] [data-hypomos="toolbar"]').count()).toBe(1);
    await menuButton(page).click();
    await expect
      .poll(() => toolbar(page).locator('[data-action="indexSelection"]').textContent())
      .toBe('Index selection (2)');
    await expect.poll(() => page.locator(`[data-id="${DRIVE.img101}"] [data-hypomos-badge="indexed"]`).count()).toBe(1);
    expect(await page.locator(`[data-id="${DRIVE.img104}"] [data-hypomos-badge]`).textContent()).toBe('Indexed');
    expect(await page.locator(`[data-id="${DRIVE.img103}"] [data-hypomos-badge]`).count()).toBe(0);
    await page.close();
  });

  it('Drive: "Add to collection…" creates a static collection with the selected items', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await menuButton(page).click();
    await toolbar(page).locator('[data-action="addToCollection"]').click();
    await toolbar(page).getByLabel('New collection name').fill('Summer 2018');
    await toolbar(page).getByRole('button', { name: 'Create and add' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Added to "Summer 2018": 2 of 2.');
    const collections = await readAll<CollectionRow>(ext, 'collections');
    expect(collections.filter((c) => c.title === 'Summer 2018')).toEqual([
      expect.objectContaining({
        kind: 'static',
        itemKeys: [`gdrive-test:${DRIVE.img101}`, `gdrive-test:${DRIVE.img102}`],
      }),
    ]);
    await page.close();
  });

  it("Drive: our entries in Drive's own right-click menu act on the row under the pointer", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count()).toBe(1);
    await page.locator(`[data-id="${DRIVE.img104}"]`).click({ button: 'right' });
    const entry = page.locator('[role="menu"][aria-label="File actions"] [data-hypomos-menu-entry="addToCollection"]');
    await expect.poll(() => entry.count()).toBe(1);
    await entry.click();
    await toolbar(page).getByRole('button', { name: 'Summer 2018 (2)' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Added to "Summer 2018": 1 of 1.');
    const summer = (await readAll<CollectionRow>(ext, 'collections')).find((c) => c.title === 'Summer 2018');
    expect(summer?.itemKeys).toEqual([
      `gdrive-test:${DRIVE.img101}`,
      `gdrive-test:${DRIVE.img102}`,
      `gdrive-test:${DRIVE.img104}`,
    ]);
    await page.close();
  });

  it('Drive: "Share to event…" with a pasted event link queues the items for approval and badges them', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await menuButton(page).click();
    await toolbar(page).locator('[data-action="shareToEvent"]').click();
    await toolbar(page).getByLabel('Event link or share-to token').fill('https://share.example/e/not-a-token');
    await toolbar(page).getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toContain('not an event link or share-to token');
    await toolbar(page).getByLabel('Event link or share-to token').fill(`https://share.example/e/${EVENT_TOKEN}`);
    await toolbar(page).getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Sent for approval: 2 of 2.');
    const share = (await readAll<ShareRow>(ext, 'shares')).find((s) => s.eventToken === EVENT_TOKEN);
    expect(share?.kind).toBe('event');
    const published = (await readAll<PublishedRow>(ext, 'published')).filter((p) => p.shareId === share?.id);
    expect(published.map((p) => [p.itemKey, p.state, p.approval]).sort()).toEqual([
      [`gdrive-test:${DRIVE.img101}`, 'pending', 'pending'],
      [`gdrive-test:${DRIVE.img102}`, 'pending', 'pending'],
    ]);
    await expect
      .poll(() => page.locator(`[data-id="${DRIVE.img101}"] [data-hypomos-badge]`).textContent())
      .toBe('Pending approval');
    await page.close();
  });

  it('Drive: "Share to event…" reads the event link from a photo of its QR code', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await menuButton(page).click();
    await toolbar(page).locator('[data-action="shareToEvent"]').click();
    await toolbar(page)
      .getByLabel('QR code image')
      .setInputFiles({
        name: 'poster.png',
        mimeType: 'image/png',
        buffer: await qrPng(`https://share.example/e/${QR_EVENT_TOKEN}`),
      });
    await expect
      .poll(() => toolbar(page).locator('[data-panel="event"] .note').textContent(), { timeout: 10_000 })
      .toBe('QR code read. Press Share.');
    expect(await toolbar(page).getByLabel('Event link or share-to token').inputValue()).toBe(
      `https://share.example/e/${QR_EVENT_TOKEN}`,
    );
    await toolbar(page).getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => status(page).textContent()).toBe('Sent for approval: 2 of 2.');
    const shares = (await readAll<ShareRow>(ext, 'shares')).filter((s) => s.kind === 'event');
    expect(shares.map((s) => s.eventToken).sort()).toEqual([EVENT_TOKEN, QR_EVENT_TOKEN].sort());
    await page.close();
  });

  it('the browser context-menu path: the background hands the chosen entry to the tab', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count()).toBe(1);
    const sw = await browser.serviceWorker();
    const tabId = await tabIdOf(sw, 'https://drive.google.com/drive/my-drive');
    expect(await contextAction(sw, tabId, 'shareToEvent')).toEqual({ ok: true, value: { taken: true } });
    await expect.poll(() => toolbar(page).locator('[data-panel="event"]').count()).toBe(1);
    await page.close();
  });

  it('the page cannot drive the extension: synthetic clicks, events and postMessage do nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count()).toBe(1);
    const before = await readAll<CollectionRow>(ext, 'collections');
    const outcome = await page.evaluate(async (rowId) => {
      const root = document.querySelector('[data-hypomos="toolbar"]')?.shadowRoot;
      root?.querySelector<HTMLElement>('[data-hypomos-button]')?.click();
      const menuOpened = !root?.querySelector<HTMLElement>('[role="menu"]')?.hidden;
      // A forged right-click, then a forged click on whatever entry might have appeared.
      document
        .querySelector(`[data-id="${rowId}"]`)
        ?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
      await new Promise((r) => setTimeout(r, 700));
      const entries = document.querySelectorAll<HTMLElement>('[data-hypomos-menu-entry]');
      for (const e of Array.from(entries)) e.click();
      window.postMessage(
        { type: 'hosts.addToCollection', host: 'gdrive', itemIds: [rowId], target: { newTitle: 'forged' } },
        '*',
      );
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage;
      return { menuOpened, entries: entries.length, canMessage: typeof runtime === 'function' };
    }, DRIVE.img103);
    expect(outcome).toEqual({ menuOpened: false, entries: 0, canMessage: false });
    // A real right-click adds our entries to Drive's menu; a script clicking them still does nothing.
    await page.locator(`[data-id="${DRIVE.img103}"]`).click({ button: 'right' });
    const entry = page.locator('[data-hypomos-menu-entry="addToCollection"]');
    await expect.poll(() => entry.count()).toBe(1);
    await entry.evaluate((e) => (e as HTMLElement).click());
    await new Promise((r) => setTimeout(r, 500));
    expect(await toolbar(page).locator('[data-panel]').count()).toBe(0);
    expect(await readAll<CollectionRow>(ext, 'collections')).toEqual(before);
    await page.close();
  });

  it('Drive SPA navigation: listeners of the old folder go, the toolbar follows the new URL', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => page.locator('[data-hypomos-badge]').count()).toBeGreaterThan(0);
    await menuButton(page).click();
    await toolbar(page).locator('[data-action="shareToEvent"]').click();
    expect(await toolbar(page).locator('[data-panel="event"]').count()).toBe(1);
    await page.evaluate((id) => history.pushState({}, '', `/drive/folders/${id}`), DRIVE.folder);
    // The old folder's UI (with its open panel and listeners) is gone; a fresh one is mounted.
    await expect.poll(() => toolbar(page).locator('[data-panel]').count(), { timeout: 5000 }).toBe(0);
    // WXT reports the change (Navigation API); the old badges are removed and asked for again.
    await expect.poll(() => toolbar(page).count(), { timeout: 5000 }).toBe(1);
    await menuButton(page).click();
    await expect
      .poll(() => toolbar(page).locator('[data-action="indexFolder"]').textContent(), { timeout: 5000 })
      .toBe('Index this folder (Google Drive folder)');
    await page.close();
  });

  it('OneDrive: selection from the Fluent list, add to a collection, indexed badges', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718');
    await expect.poll(() => toolbar(page).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('#O365_NavHeader [data-hypomos="toolbar"]').count()).toBe(1);
    await expect
      .poll(() => page.locator(`[data-item-key="${ONEDRIVE.dsc2041}"] [data-hypomos-badge="indexed"]`).count())
      .toBe(1);
    await menuButton(page).click();
    expect(await toolbar(page).locator('[data-action="indexSelection"]').textContent()).toBe('Index selection (2)');
    expect(await toolbar(page).locator('[data-action="indexFolder"]').textContent()).toBe(
      'Index this folder (OneDrive folder)',
    );
    await toolbar(page).locator('[data-action="addToCollection"]').click();
    await toolbar(page).getByLabel('New collection name').fill('Pictures picks');
    await toolbar(page).getByRole('button', { name: 'Create and add' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Added to "Pictures picks": 2 of 2.');
    const picks = (await readAll<CollectionRow>(ext, 'collections')).find((c) => c.title === 'Pictures picks');
    expect(picks?.itemKeys).toEqual([`onedrive-test:${ONEDRIVE.dsc2041}`, `onedrive-test:${ONEDRIVE.dsc2042}`]);
    await page.close();
  });

  it('OneDrive for work (sharepoint.com/personal): tiles view is read too', async () => {
    const page = await browser.context.newPage();
    await page.goto(
      'https://hypomos-test.sharepoint.com/personal/ada_example_com/_layouts/15/onedrive.aspx?id=%2Fpersonal%2Fada_example_com%2FDocuments%2FPhotos&view=0',
    );
    await expect.poll(() => toolbar(page).count(), { timeout: 10_000 }).toBe(1);
    await menuButton(page).click();
    expect(await toolbar(page).locator('[data-action="indexSelection"]').textContent()).toBe('Index selection (1)');
    expect(await toolbar(page).locator('[data-action="indexFolder"]').textContent()).toBe(
      'Index this folder (OneDrive /Photos)',
    );
    await page.close();
  });

  it('changed markup: no injected UI, and the popup acts on the folder from the URL and says so', async () => {
    for (const url of [
      `https://drive.google.com/drive/folders/${DRIVE.folder}?fixture=changed`,
      'https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718&fixture=changed',
    ]) {
      const page = await browser.context.newPage();
      await page.goto(url);
      const sw = await browser.serviceWorker();
      const tabId = await tabIdOf(sw, url);
      const popup = await browser.openPage(`popup.html#tab=${tabId}`);
      await expect
        .poll(() => popup.getByTestId('fallback').textContent())
        .toBe("Hypomos can't read this page's file list; actions apply to the current folder.");
      expect(await toolbar(page).count()).toBe(0);
      // A browser context-menu entry chosen here is not taken by the page: the background opens the popup instead.
      expect(await contextAction(sw, tabId, 'indexSelection')).toEqual({ ok: true, value: { taken: false } });
      expect(await popup.getByRole('button', { name: 'Index this folder' }).isEnabled()).toBe(true);
      expect(await popup.getByRole('button', { name: /^Index selection/ }).isDisabled()).toBe(true);
      await popup.close();
      await page.close();
    }
  });

  it('the popup on a readable page shows the folder, the selection and the library', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => toolbar(page).count()).toBe(1);
    const tabId = await tabIdOf(await browser.serviceWorker(), 'https://drive.google.com/drive/my-drive');
    const popup = await browser.openPage(`popup.html#tab=${tabId}`);
    await expect.poll(() => popup.getByTestId('location').textContent()).toBe('Google Drive: My Drive · 2 selected');
    expect(await popup.getByTestId('fallback').count()).toBe(0);
    await expect
      .poll(() => popup.getByTestId('library-counts').textContent())
      .toMatch(/^Library: 5 items, \d+ collections$/);
    await popup.close();
    await page.close();
  });
  // Last: it reloads the extension under the open tabs.
  it('an extension reload cancels the old content script: its toolbar and badges go away', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await expect.poll(() => page.locator('[data-hypomos-badge]').count()).toBeGreaterThan(0);
    const sw = await browser.serviceWorker();
    await sw
      .evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload())
      .catch(() => {});
    // No DOM change on the page: the content script's own once-a-second check notices it is orphaned.
    await expect.poll(() => toolbar(page).count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('[data-hypomos-badge]').count()).toBe(0);
    await page.close();
  });
});
