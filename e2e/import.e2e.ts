import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';
import { corpora } from './vision-support';

type Kind = 'onedrive' | 'gdrive' | 'azblob';

/**
 * Import end to end in Chromium: the built extension's Import page sends folders picked through
 * `<input webkitdirectory>` into "Demo Blob" (the real azurite), "Demo OneDrive" (Graph upload sessions on the
 * contract server) and "Demo Google Drive" (resumable uploads on the contract server), skipping what the library
 * already holds in any of them; the imported photos enter the index from the local bytes.
 */
describe('import: camera folders into Blob, OneDrive and Google Drive in Chromium', () => {
  let demo: DemoSources;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let page: Page;
  let cards: string;
  const ids: Record<Kind, string> = { onedrive: '', gdrive: '', azblob: '' };
  const shots = process.env.HYPOMOS_SCREENSHOTS;

  /** A card of real corpus photos; `falcon.jpg` has the bytes of a demo photo every source already holds. */
  const makeCard = async (name: string, files: [string, string][], empty = false) => {
    const dir = join(cards, name);
    for (const [from, to] of files) {
      await mkdir(join(dir, to, '..'), { recursive: true });
      await copyFile(join(corpora, from), join(dir, to));
    }
    if (empty) await writeFile(join(dir, 'DCIM/100CANON/IMG_0002.JPG'), new Uint8Array(0));
    return dir;
  };
  let blobCard = '';
  let oneDriveCard = '';
  let driveCard = '';

  beforeAll(async () => {
    demo = await startDemoSources();
    cards = await mkdtemp(join(tmpdir(), 'hypomos-cards-'));
    blobCard = await makeCard(
      'card-blob',
      [
        ['exifr-fixtures/canon-dslr.jpg', 'DCIM/100CANON/IMG_0001.JPG'],
        ['exifr-fixtures/img_1771.jpg', 'DCIM/100CANON/IMG_1771.JPG'],
        ['immich-test-assets/albums/nature/cyclamen_persicum.jpg', 'DCIM/101PHONE/cyclamen.jpg'],
        ['immich-test-assets/albums/nature/silver_fir.jpg', 'DCIM/101PHONE/silver_fir.jpg'],
        ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/101PHONE/falcon.jpg'],
      ],
      true,
    );
    oneDriveCard = await makeCard('card-onedrive', [
      ['immich-test-assets/albums/nature/notocactus_minimus.jpg', 'DCIM/cactus.jpg'],
      ['exifr-fixtures/Bush-dog.jpg', 'DCIM/Bush-dog.jpg'],
      ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/falcon.jpg'],
    ]);
    driveCard = await makeCard('card-gdrive', [
      ['immich-test-assets/albums/nature/polemonium_reptans.jpg', 'DCIM/polemonium.jpg'],
      ['exifr-fixtures/door-knocker.jpg', 'DCIM/door-knocker.jpg'],
      ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/falcon.jpg'],
    ]);
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
    const { ids: connected } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const statuses = await client.statuses();
    for (const id of connected) ids[statuses.find((s) => s.id === id)?.kind as Kind] = id;
    await client.waitIdle(connected);
    page = await browser.openPage('dashboard.html#/import');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (cards) await rm(cards, { recursive: true, force: true });
  });

  const pickCard = async (kind: Kind, dir: string) => {
    const newImport = page.getByRole('button', { name: 'New import' });
    if (await newImport.isVisible()) await newImport.click();
    await page.getByTestId('import-source').selectOption(ids[kind]);
    await page.getByTestId('import-folder-input').setInputFiles(dir);
    await page.getByTestId('import-plan').waitFor({ timeout: 60_000 });
  };
  const tile = async (id: string) => page.getByTestId(id).textContent();
  const runImport = async () => {
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-state').textContent()).toBe('Finished');
  };
  const blobNames = async () => {
    const xml = await (await fetch(`${demo.config.blobSasUrl}&restype=container&comp=list`)).text();
    return [...xml.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1] as string);
  };

  it('Blob: shows the plan before sending (new photos, the one already in the library, the empty file)', async () => {
    await expect.poll(() => page.getByTestId('import-source').locator('option').count()).toBe(3);
    if (shots) await page.screenshot({ path: join(shots, 'import-pick.png'), fullPage: true });
    await pickCard('azblob', blobCard);
    expect(await tile('plan-new')).toBe('4');
    expect(await tile('plan-duplicate')).toBe('1');
    expect(await tile('plan-unreadable')).toBe('1');
    const falcon = page.getByTestId('import-file').filter({ hasText: 'falcon.jpg' });
    expect(await falcon.textContent()).toMatch(
      /Already in your library \(Demo .*: Pictures\/Nature\/prairie_falcon\.jpg/,
    );
    const empty = page.getByTestId('import-file').filter({ hasText: 'IMG_0002.JPG' });
    expect(await empty.textContent()).toContain('The file is empty');
    expect((await blobNames()).some((n) => n.includes('IMG_0001'))).toBe(false);
    if (shots) await page.screenshot({ path: join(shots, 'import-plan.png'), fullPage: true });
  });

  it('Blob: sends the new photos, verified, into dated folders, and indexes them from the local bytes', async () => {
    await runImport();
    if (shots) await page.screenshot({ path: join(shots, 'import-done.png'), fullPage: true });
    const names = await blobNames();
    const imported = names.filter((n) => /^Pictures\/\d{4}\/\d{4}-\d\d-\d\d\//.test(n));
    expect(imported.map((n) => n.split('/').pop()).sort()).toEqual(
      ['IMG_0001.JPG', 'IMG_1771.JPG', 'cyclamen.jpg', 'silver_fir.jpg'].sort(),
    );
    // The duplicate and the empty file were not sent.
    expect(names.filter((n) => n.endsWith('falcon.jpg'))).toEqual(['Pictures/Nature/prairie_falcon.jpg']);
    expect(names.some((n) => n.endsWith('IMG_0002.JPG'))).toBe(false);

    const index = await client.rawItems(ids.azblob);
    for (const path of imported) expect(index.map((i) => i.providerItemId)).toContain(path);
    const canon = index.find((i) => i.name === 'IMG_0001.JPG');
    // Metadata, placeholder and the whole file's SHA-256 came from the local bytes: nothing was read back.
    expect(canon).toMatchObject({
      make: 'Canon',
      bytesRead: 0,
      blurhash: expect.any(String),
      sha256: expect.any(String),
      // The perceptual hash of its thumbnail, decoded by the page (OffscreenCanvas).
      phash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The folder is the capture day in the photo's EXIF.
    const day = new Date(canon?.takenAt as number).toISOString().slice(0, 10);
    expect(canon?.folder).toBe(`Pictures/${day.slice(0, 4)}/${day}`);
  });

  it('Blob: the next sync of the container finds the imported photos unchanged (same etag), reading nothing again', async () => {
    const before = new Map((await client.indexOf(ids.azblob)).map((i) => [i.id, i]));
    await client.send({ type: 'sources.sync', sourceId: ids.azblob });
    const [status] = await client.waitIdle([ids.azblob]);
    const after = await client.indexOf(ids.azblob);
    expect(after.map((i) => i.id)).toEqual([...before.keys()].sort());
    for (const item of after) expect(item.etag).toBe(before.get(item.id)?.etag);
    expect(status?.indexed).toBe(0);
  });

  it('Blob: importing the same card again plans every photo as already in the library', async () => {
    await pickCard('azblob', blobCard);
    expect(await tile('plan-new')).toBe('0');
    expect(await tile('plan-duplicate')).toBe('5');
  });

  it('Blob: a duplicate sent anyway lands beside the first copy under a new name, never over it', async () => {
    const row = page.getByTestId('import-file').filter({ hasText: 'IMG_1771.JPG' });
    await row.getByTestId('import-force').click();
    await expect.poll(() => tile('plan-new')).toBe('1');
    await runImport();
    const copies = (await blobNames()).filter((n) => /\/IMG_1771( \(2\))?\.JPG$/.test(n));
    expect(copies.map((n) => n.split('/').pop()).sort()).toEqual(['IMG_1771 (2).JPG', 'IMG_1771.JPG']);
  });

  for (const [kind, card, names] of [
    ['onedrive', () => oneDriveCard, ['Bush-dog.jpg', 'cactus.jpg']],
    ['gdrive', () => driveCard, ['door-knocker.jpg', 'polemonium.jpg']],
  ] as const) {
    it(`${kind}: imports the new photos through the provider's resumable upload and skips the duplicate`, async () => {
      await pickCard(kind, card());
      expect(await tile('plan-new')).toBe('2');
      expect(await tile('plan-duplicate')).toBe('1');
      await runImport();
      const store = kind === 'onedrive' ? demo.graph.store : demo.drive.store;
      const index = await client.rawItems(ids[kind]);
      for (const name of names) {
        const item = index.find((i) => i.name === name);
        expect(item, name).toMatchObject({ bytesRead: 0, sha256: expect.any(String) });
        const node = store.findByPath(`${item?.folder}/${name}`);
        expect(node?.id, name).toBe(item?.providerItemId);
      }
      expect(store.live().filter((n) => n.name === 'falcon.jpg')).toEqual([]);
    });
  }

  it('Blob: a tab reloaded mid-file shows the import interrupted and finishes it once the folder is picked again', async () => {
    const card = await makeCard('card-reload', [
      ['metadata-extractor-images/jpg/Apple iPhone 6.jpg', 'DCIM/iphone6.jpg'],
      ['metadata-extractor-images/jpg/Nexus 4.jpg', 'DCIM/nexus4.jpg'],
    ]);
    await pickCard('azblob', card);
    expect(await tile('plan-new')).toBe('2');
    // A slow uplink, so the reload lands while blocks are on their way.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const uplink = (bytesPerSec: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSec,
      });
    await uplink(200 * 1024);
    await page.getByTestId('import-start').click();
    await page.locator('[data-testid="import-file"][data-state="sending"]').first().waitFor();
    if (shots) {
      await page.waitForTimeout(2500);
      await page.screenshot({ path: join(shots, 'import-running.png'), fullPage: true });
    }
    await page.reload();
    await uplink(-1);
    await page.getByTestId('import-plan').waitFor();
    expect(await page.getByTestId('import-state').textContent()).toBe('Interrupted');
    if (shots) await page.screenshot({ path: join(shots, 'import-interrupted.png'), fullPage: true });
    expect((await blobNames()).filter((n) => /iphone6|nexus4/.test(n))).toEqual([]);
    // The browser forgot files picked through <input>: the page asks for the folder again.
    await page.getByTestId('import-repick-input').setInputFiles(card);
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    const names = await blobNames();
    expect(names.filter((n) => /\/(iphone6|nexus4)\.jpg$/.test(n))).toHaveLength(2);
    const rows = (await importRows()).filter((r) => r.relPath?.startsWith('card-reload/'));
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
    // A block cut off by the reload is sent again in full; nothing acknowledged before it is.
    for (const r of rows) expect(r.bytesResent).toBeLessThanOrEqual(4 * 1024 * 1024);
    const index = await client.rawItems(ids.azblob);
    expect(index.filter((i) => /^(iphone6|nexus4)\.jpg$/.test(i.name as string))).toHaveLength(2);
  });

  /** The import's rows, read straight from IndexedDB. */
  async function importRows(): Promise<{ relPath?: string; state: string; bytesResent: number }[]> {
    return page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('hypomos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all: { relPath?: string; state: string; bytesResent: number; seq?: number }[] = await new Promise(
        (resolve, reject) => {
          const req = db.transaction('imports').objectStore('imports').getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        },
      );
      db.close();
      return all.filter((r) => r.seq !== undefined);
    });
  }
});
