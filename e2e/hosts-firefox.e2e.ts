import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy } from './harness/connect-proxy';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages, indexRow, putAll, readAll, sourceRow, tabIdOf } from './hosts-support';

// Ids in the saved pages (extension/src/features/hosts/fixtures), as in hosts.e2e.ts.
const DRIVE = {
  img101: '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-',
  img102: '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG',
  img103: '101-I89-sW_N7PUuWIOY-uLa5hxdoVU_h',
  img104: '1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr',
};
const ONEDRIVE = { dsc2041: 'A1B2C3D4E5F60718!121', dsc2042: 'A1B2C3D4E5F60718!122' };
const EVENT_TOKEN = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo';

interface CollectionRow {
  title: string;
  kind: string;
  itemKeys: string[];
}

const inToolbar = (selector: string) => `[data-hypomos="toolbar"] >>> ${selector}`;

/**
 * The content scripts in Firefox on the real host names (all HTTPS goes through a local CONNECT proxy to the saved
 * pages), with a Drive and a OneDrive source in the library: the toolbar reads the selection, badges indexed rows,
 * and its actions reach the background and land in the database.
 */
describe('Hypomos inside Google Drive and OneDrive (Firefox, real host names)', () => {
  let ff: FirefoxSession;
  let fixture: HttpsFixture;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  let ext: FirefoxTab;

  beforeAll(async () => {
    fixture = await startHttpsFixture(hostPages());
    proxy = await startConnectProxy(fixture.port);
    ff = await launchFirefox({ httpsProxyPort: proxy.port });
    // The popup asks the background for its status, which opens (and creates) the Dexie database.
    ext = await ff.openExtensionPage('popup.html');
    await ext.waitFor('[data-testid="library-counts"]', undefined, 60_000);
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
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
    await proxy?.close();
    await fixture?.close();
  });

  const openDrive = async () => {
    const page = await ff.openPage('https://drive.google.com/drive/my-drive');
    await expect.poll(() => page.count('header[role="banner"] [data-hypomos="toolbar"]'), { timeout: 30_000 }).toBe(1);
    return page;
  };

  it('Drive: the toolbar in the top bar reads the selection and badges the indexed rows', async () => {
    const page = await openDrive();
    await page.click(inToolbar('[data-hypomos-button]'));
    await expect.poll(() => page.text(inToolbar('[data-action="indexSelection"]'))).toBe('Index selection (2)');
    await expect
      .poll(() => page.count(`[data-id="${DRIVE.img101}"] [data-hypomos-badge="indexed"]`), { timeout: 30_000 })
      .toBe(1);
    expect(await page.text(`[data-id="${DRIVE.img104}"] [data-hypomos-badge]`)).toBe('Indexed');
    expect(await page.count(`[data-id="${DRIVE.img103}"] [data-hypomos-badge]`)).toBe(0);
    await page.close();
  }, 120_000);

  it('Drive: "Add to collection…" creates a static collection with the selected items', async () => {
    const page = await openDrive();
    await page.click(inToolbar('[data-hypomos-button]'));
    await page.click(inToolbar('[data-action="addToCollection"]'));
    await page.fill(inToolbar('[aria-label="New collection name"]'), 'Summer 2018');
    await page.click(inToolbar('[data-panel="collection"] button'), 'Create and add');
    await expect.poll(() => page.text(inToolbar('[role="status"]'))).toBe('Added to "Summer 2018": 2 of 2.');
    const collections = await readAll<CollectionRow>(ext, 'collections');
    expect(collections.filter((c) => c.title === 'Summer 2018')).toEqual([
      expect.objectContaining({
        kind: 'static',
        itemKeys: [`gdrive-test:${DRIVE.img101}`, `gdrive-test:${DRIVE.img102}`],
      }),
    ]);
    await page.close();
  }, 120_000);

  it('Drive: "Share to event…" with a pasted event link queues the items for approval and badges them', async () => {
    const page = await openDrive();
    await page.click(inToolbar('[data-hypomos-button]'));
    await page.click(inToolbar('[data-action="shareToEvent"]'));
    await page.fill(inToolbar('[aria-label="Event link or share-to token"]'), `https://share.example/e/${EVENT_TOKEN}`);
    await page.click(inToolbar('[data-panel="event"] button'), 'Share');
    await expect.poll(() => page.text(inToolbar('[role="status"]'))).toBe('Sent for approval: 2 of 2.');
    const share = (await readAll<{ id: string; kind: string; eventToken?: string }>(ext, 'shares')).find(
      (s) => s.eventToken === EVENT_TOKEN,
    );
    expect(share?.kind).toBe('event');
    const published = (await readAll<{ shareId: string; itemKey: string; state: string }>(ext, 'published')).filter(
      (p) => p.shareId === share?.id,
    );
    expect(published.map((p) => [p.itemKey, p.state]).sort()).toEqual([
      [`gdrive-test:${DRIVE.img101}`, 'pending'],
      [`gdrive-test:${DRIVE.img102}`, 'pending'],
    ]);
    await expect
      .poll(() => page.text(`[data-id="${DRIVE.img101}"] [data-hypomos-badge]`), { timeout: 30_000 })
      .toBe('Pending approval');
    await page.close();
  }, 120_000);

  it('OneDrive: toolbar in the suite header, selection from the list, add to a collection, badges', async () => {
    const page = await ff.openPage('https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718');
    await expect.poll(() => page.count('#O365_NavHeader [data-hypomos="toolbar"]'), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.count(`[data-item-key="${ONEDRIVE.dsc2041}"] [data-hypomos-badge="indexed"]`), {
        timeout: 30_000,
      })
      .toBe(1);
    await page.click(inToolbar('[data-hypomos-button]'));
    expect(await page.text(inToolbar('[data-action="indexSelection"]'))).toBe('Index selection (2)');
    await page.click(inToolbar('[data-action="addToCollection"]'));
    await page.fill(inToolbar('[aria-label="New collection name"]'), 'Pictures picks');
    await page.click(inToolbar('[data-panel="collection"] button'), 'Create and add');
    await expect.poll(() => page.text(inToolbar('[role="status"]'))).toBe('Added to "Pictures picks": 2 of 2.');
    const picks = (await readAll<CollectionRow>(ext, 'collections')).find((c) => c.title === 'Pictures picks');
    expect(picks?.itemKeys).toEqual([`onedrive-test:${ONEDRIVE.dsc2041}`, `onedrive-test:${ONEDRIVE.dsc2042}`]);
    await page.close();
  }, 120_000);

  it('the popup on a Drive page shows the folder and the selection; changed markup gets no injected UI', async () => {
    const page = await openDrive();
    const tabId = await tabIdOf(ext, 'https://drive.google.com/drive/my-drive');
    const popup = await ff.openExtensionPage(`popup.html#tab=${tabId}`);
    await expect
      .poll(() => popup.text('[data-testid="location"]'), { timeout: 30_000 })
      .toBe('Google Drive: My Drive · 2 selected');
    await popup.close();
    await page.goto('https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=a1b2c3d4e5f60718&fixture=changed');
    await page.waitFor('.file-browser');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.count('[data-hypomos="toolbar"]')).toBe(0);
    await page.close();
  }, 120_000);
});
