import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaStore, SeedFile } from '../dev-services/src/contract/media-store';
import { type DriveServer, startDriveServer } from '../dev-services/src/drive/server';
import { type GraphServer, startGraphServer } from '../dev-services/src/graph/server';
import { mimeTypeOf } from '../dev-services/src/seed';
import { extractFacts, makeThumbnail } from '../dev-services/src/seed/facts';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages, readAll, tabIdOf } from './hosts-support';
import { ExtensionClient } from './sources-support';

const DEMO = join(import.meta.dirname, '../demo/photos');

/** The files the saved host pages show, backed by real photos and a video from demo/photos. */
const DRIVE_FILES: Record<string, string> = {
  'IMG_0101.jpg': 'Pictures/Nature/prairie_falcon.jpg',
  'IMG_0102.jpg': 'Pictures/Nature/wood_anemones.jpg',
  'IMG_0103.jpg': 'Pictures/Cameras/Nikon D5000.jpg',
  'IMG_0104.jpg': 'Pictures/Cameras/Canon EOS 7D.jpg',
  'VID_0105.mp4': 'Videos/with-gps.mp4',
  'Holidays 2024/beach-01.jpg': 'Pictures/Travel/thompson-springs.jpg',
  'Holidays 2024/beach-02.jpg': 'Pictures/Nature/el_torcal_rocks.jpg',
  'Holidays 2024/harbour.jpg': 'Pictures/Travel/Apple iPhone 4.jpg',
  'Holidays 2024/sunset.heic': 'Pictures/Cameras/IMG_2927.HEIC',
  'Holidays 2024/waves.mp4': 'Videos/with-gps.mov',
};
/** Saved-page id → the file it stands for (see fixtures/drive-*.html). */
const DRIVE_PAGE_IDS: Record<string, string> = {
  '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU': 'Holidays 2024',
  '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-': 'IMG_0101.jpg',
  '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG': 'IMG_0102.jpg',
  '101-I89-sW_N7PUuWIOY-uLa5hxdoVU_h': 'IMG_0103.jpg',
  '1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr': 'IMG_0104.jpg',
  '1y4945J9iLUKUekJJJ834VekFEewRVegA': 'VID_0105.mp4',
  '13RjuoZr7_jqjSdxtxKtXCCq1uOEaXyPW': 'Holidays 2024/beach-01.jpg',
  '14bYrDVIxtvrXjhbf8homVehC0CLl8jhv': 'Holidays 2024/beach-02.jpg',
  '14powgd2KG4DzBJbGQleUUoCdUR3gSrdb': 'Holidays 2024/harbour.jpg',
  '1Ri-a7HlIDqq1xFX29IGrMey5nwnauptY': 'Holidays 2024/sunset.heic',
  '18-8BXt6bR1GOrKVUCaNwk0DlyW0qsg-U': 'Holidays 2024/waves.mp4',
};
const ONEDRIVE_FILES: Record<string, string> = {
  'Pictures/DSC_2041.jpg': 'Pictures/Travel/portrait-orientation-6.jpg',
  'Pictures/DSC_2042.jpg': 'Pictures/Cameras/Sony DSC-HX5V (2).jpg',
  'Pictures/DSC_2043.jpg': 'Pictures/Nature/tanners_ridge.jpg',
  'Pictures/MOV_2044.mp4': 'Videos/with-gps.mp4',
  'Pictures/Camera Roll/kept-elsewhere.jpg': 'Pictures/Nature/prairie_falcon.jpg',
  'Other/not-in-this-folder.jpg': 'Pictures/Nature/wood_anemones.jpg',
};
const ONEDRIVE_PAGE_IDS: Record<string, string> = {
  'A1B2C3D4E5F60718!110': 'Pictures/Camera Roll',
  'A1B2C3D4E5F60718!121': 'Pictures/DSC_2041.jpg',
  'A1B2C3D4E5F60718!122': 'Pictures/DSC_2042.jpg',
  'A1B2C3D4E5F60718!123': 'Pictures/DSC_2043.jpg',
  'A1B2C3D4E5F60718!124': 'Pictures/MOV_2044.mp4',
  'A1B2C3D4E5F60718!103': 'Pictures',
};

async function seedFiles(layout: Record<string, string>): Promise<SeedFile[]> {
  return Promise.all(
    Object.entries(layout).map(async ([path, demo]) => {
      const bytes = readFileSync(join(DEMO, demo));
      const mimeType = mimeTypeOf(demo);
      return {
        path,
        bytes,
        mimeType,
        facts: await extractFacts(bytes, mimeType),
        thumbnail: await makeThumbnail(bytes, mimeType),
      };
    }),
  );
}

/** Saved-page ids → the ids the contract server gave the same paths. */
function idMap(store: MediaStore, pageIds: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pageIds).map(([pageId, path]) => {
      const node = store.findByPath(path);
      if (!node) throw new Error(`not seeded: ${path}`);
      return [pageId, node.id];
    }),
  );
}

/** Signed in as the sign-in flow leaves a source: its tokens in the extension's local storage (sources/auth). */
async function signIn(
  client: ExtensionClient,
  sourceId: string,
  server: GraphServer | DriveServer,
  provider: 'microsoft' | 'google',
) {
  const stored = {
    version: 1,
    config: {
      provider,
      clientId: 'hypomos-test',
      authorizeUrl: `${server.url}/authorize`,
      tokenUrl: `${server.url}/token`,
      scopes: ['files'],
      redirectUri: 'https://example.invalid/cb',
    },
    tokens: {
      accessToken: server.authority.issueAccessToken(3600),
      refreshToken: null,
      expiresAt: Date.now() + 3_600_000,
      scope: null,
    },
  };
  type Storage = { chrome: { storage: { local: { set(v: object): Promise<void> } } } };
  await client.page.evaluate((v) => (globalThis as unknown as Storage).chrome.storage.local.set(v), {
    [`tokens:${sourceId}`]: stored,
  });
}

const toolbar = (page: Page) => page.locator('[data-hypomos="toolbar"]');
const status = (page: Page) => toolbar(page).locator('[role="status"]');

interface ItemRow {
  key: string;
  providerItemId: string;
  name: string;
  folder: string;
  width: number | null;
  mediaType: string | null;
}

describe('index from inside Drive and OneDrive, end to end against the contract servers (Chromium)', () => {
  let graph: GraphServer;
  let drive: DriveServer;
  let fixture: HttpsFixture;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let ids: Record<string, string>;
  let gdriveId: string;
  let onedriveId: string;

  beforeAll(async () => {
    [graph, drive] = await Promise.all([
      startGraphServer({ files: await seedFiles(ONEDRIVE_FILES) }),
      startDriveServer({ files: await seedFiles(DRIVE_FILES) }),
    ]);
    ids = { ...idMap(drive.store, DRIVE_PAGE_IDS), ...idMap(graph.store, ONEDRIVE_PAGE_IDS) };
    fixture = await startHttpsFixture(hostPages(ids));
    browser = await launchChromium({
      hostMap: { 'drive.google.com': fixture.port, 'onedrive.live.com': fixture.port },
    });
    client = await ExtensionClient.open(browser);
    gdriveId = (
      await client.send<{ id: string }>({
        type: 'sources.add',
        kind: 'gdrive',
        name: 'Drive',
        config: { baseUrl: drive.url },
        sync: false,
      })
    ).id;
    onedriveId = (
      await client.send<{ id: string }>({
        type: 'sources.add',
        kind: 'onedrive',
        name: 'OneDrive',
        config: { baseUrl: graph.url },
        sync: false,
      })
    ).id;
    await signIn(client, gdriveId, drive, 'google');
    await signIn(client, onedriveId, graph, 'microsoft');
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await graph?.close();
    await drive?.close();
  });

  const indexed = async (sourceId: string) =>
    (await readAll<ItemRow>(client.page, 'items')).filter((i) => i.key.startsWith(`${sourceId}:`));

  it('Drive: "Index selection" reads exactly the selected files from the provider into the index', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-action="indexSelection"]').click();
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Indexed 2 of 2.');
    const rows = await indexed(gdriveId);
    expect(rows.map((r) => r.name).sort()).toEqual(['IMG_0101.jpg', 'IMG_0102.jpg']);
    expect(rows.every((r) => (r.width ?? 0) > 0)).toBe(true);
    await expect
      .poll(() =>
        page.locator(`[data-id="${ids['1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-']}"] [data-hypomos-badge="indexed"]`).count(),
      )
      .toBe(1);
    await page.close();
  });

  it('Drive: "Index this folder" on /drive/folders/<id> indexes that folder only', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://drive.google.com/drive/folders/${ids['1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU']}`);
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-action="indexFolder"]').click();
    await expect
      .poll(() => status(page).textContent(), { timeout: 60_000 })
      .toBe('Indexed 5 photos and videos from Google Drive folder.');
    const inFolder = (await indexed(gdriveId)).filter((r) => r.folder === 'Holidays 2024');
    expect(inFolder.map((r) => r.name).sort()).toEqual([
      'beach-01.jpg',
      'beach-02.jpg',
      'harbour.jpg',
      'sunset.heic',
      'waves.mp4',
    ]);
    expect((await indexed(gdriveId)).length).toBe(7);
    await expect.poll(() => page.locator('[data-hypomos-badge="indexed"]').count()).toBe(5);
    await page.close();
  });

  it('OneDrive: the right-clicked row, then the folder of the URL', async () => {
    const page = await browser.context.newPage();
    await page.goto(
      `https://onedrive.live.com/?id=${encodeURIComponent(ids['A1B2C3D4E5F60718!103'] ?? '')}&cid=a1b2c3d4e5f60718`,
    );
    await page.locator(`[data-item-key="${ids['A1B2C3D4E5F60718!123']}"]`).click({ button: 'right' });
    const entry = page.locator('.ms-Layer [data-hypomos-menu-entry="indexSelection"]');
    await expect.poll(() => entry.count()).toBe(1);
    await entry.click();
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Indexed 1 of 1.');
    expect((await indexed(onedriveId)).map((r) => r.name)).toEqual(['DSC_2043.jpg']);
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-action="indexFolder"]').click();
    await expect
      .poll(() => status(page).textContent(), { timeout: 60_000 })
      .toBe('Indexed 4 photos and videos from OneDrive folder.');
    expect((await indexed(onedriveId)).map((r) => `${r.folder}/${r.name}`).sort()).toEqual([
      'Pictures/DSC_2041.jpg',
      'Pictures/DSC_2042.jpg',
      'Pictures/DSC_2043.jpg',
      'Pictures/MOV_2044.mp4',
    ]);
    await page.close();
  });

  it('Drive: adding files that are not indexed yet indexes them first, then fills the collection', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://drive.google.com/drive/my-drive');
    await page.locator(`[data-id="${ids['101-I89-sW_N7PUuWIOY-uLa5hxdoVU_h']}"]`).click();
    await page.locator(`[data-id="${ids['1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr']}"]`).click({ modifiers: ['Control'] });
    await toolbar(page).locator('[data-hypomos-button]').click();
    await toolbar(page).locator('[data-action="addToCollection"]').click();
    await toolbar(page).getByLabel('New collection name').fill('Cameras');
    await toolbar(page).getByRole('button', { name: 'Create and add' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Added to "Cameras": 2 of 2.');
    const cameras = (await readAll<{ title: string; itemKeys: string[] }>(client.page, 'collections')).find(
      (c) => c.title === 'Cameras',
    );
    expect(cameras?.itemKeys).toEqual([
      `${gdriveId}:${ids['101-I89-sW_N7PUuWIOY-uLa5hxdoVU_h']}`,
      `${gdriveId}:${ids['1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr']}`,
    ]);
    expect((await indexed(gdriveId)).map((r) => r.name)).toEqual(
      expect.arrayContaining(['IMG_0103.jpg', 'IMG_0104.jpg']),
    );
    await page.close();
  });
  it('changed markup: the popup indexes the folder named in the URL', async () => {
    const folderId = ids['1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU'] ?? '';
    // A fresh connection of the same drive: nothing of it is in the index yet.
    expect(await client.send<{ removed: number }>({ type: 'sources.remove', sourceId: gdriveId })).toEqual({
      removed: 9,
    });
    const fresh = (
      await client.send<{ id: string }>({
        type: 'sources.add',
        kind: 'gdrive',
        name: 'Drive again',
        config: { baseUrl: drive.url },
        sync: false,
      })
    ).id;
    await signIn(client, fresh, drive, 'google');
    const url = `https://drive.google.com/drive/folders/${folderId}?fixture=changed`;
    const page = await browser.context.newPage();
    await page.goto(url);
    const popup = await browser.openPage(`popup.html#tab=${await tabIdOf(await browser.serviceWorker(), url)}`);
    await expect.poll(() => popup.getByTestId('fallback').count()).toBe(1);
    await popup.getByRole('button', { name: 'Index this folder' }).click();
    await expect
      .poll(() => popup.getByRole('status').textContent(), { timeout: 30_000 })
      .toBe('Indexed 5 photos and videos from Google Drive folder.');
    expect((await indexed(fresh)).map((r) => r.name).sort()).toEqual([
      'beach-01.jpg',
      'beach-02.jpg',
      'harbour.jpg',
      'sunset.heic',
      'waves.mp4',
    ]);
    await popup.close();
    await page.close();
  });
});
