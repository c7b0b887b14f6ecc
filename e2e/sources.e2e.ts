import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaStore } from '../dev-services/src/contract/media-store';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { demoPhotosDir } from '../dev-services/src/seed/index';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { asListing, ExtensionClient, storeListing } from './sources-support';

type AlarmGlobal = {
  chrome: {
    alarms: {
      create(name: string, info: { when: number }): Promise<void>;
      get(name: string): Promise<{ periodInMinutes?: number } | undefined>;
    };
  };
};

/**
 * The built extension in Chromium connects "Demo OneDrive", "Demo Google Drive" (contract servers,
 * signed in through identity.launchWebAuthFlow at their own identity endpoints) and "Demo Blob"
 * (azurite), scans them fully, then follows what changes at the sources.
 */
describe('sources: OneDrive, Google Drive and Blob in Chromium', () => {
  let demo: DemoSources;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  const ids: Record<'onedrive' | 'gdrive' | 'azblob', string> = { onedrive: '', gdrive: '', azblob: '' };

  beforeAll(async () => {
    demo = await startDemoSources();
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const syncAndWait = async () => {
    await client.send({ type: 'sources.sync' });
    return client.waitIdle(Object.values(ids));
  };
  const expectMatches = async (kind: 'onedrive' | 'gdrive', store: MediaStore) => {
    expect(asListing(await client.indexOf(ids[kind])), kind).toEqual(storeListing(store));
  };

  it('connects the three demo sources and scans them fully', async () => {
    const { ids: connected } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const statuses = await client.statuses();
    for (const id of connected) ids[statuses.find((s) => s.id === id)!.kind as keyof typeof ids] = id;
    expect(Object.values(ids).every(Boolean)).toBe(true);
    const done = await client.waitIdle(connected);
    await expectMatches('onedrive', demo.graph.store);
    await expectMatches('gdrive', demo.drive.store);
    expect((await client.indexOf(ids.azblob)).map((i) => i.id)).toEqual(
      storeListing(demo.graph.store)
        .map((e) => `${e.folder}/${e.name}`)
        .sort(),
    );
    for (const s of done) expect(s, s.name).toMatchObject({ items: 14, failed: 0, lastError: null });
    // A blurhash for every item whose provider has a thumbnail (Graph and Drive).
    let thumbs = 0;
    for (const [kind, store] of [
      ['onedrive', demo.graph.store],
      ['gdrive', demo.drive.store],
    ] as const) {
      const withThumb = store
        .live()
        .filter((n) => !n.folder && n.thumbnail)
        .map((n) => n.name)
        .sort();
      expect(withThumb.length, kind).toBeGreaterThanOrEqual(10);
      expect(
        (await client.indexOf(ids[kind]))
          .filter((i) => i.blurhash)
          .map((i) => i.name)
          .sort(),
        kind,
      ).toEqual(withThumb);
      thumbs += withThumb.length;
    }
    // Blob has no provider thumbnails: its blurhashes come from the EXIF previews read with the head.
    const blobHashed = (await client.indexOf(ids.azblob)).filter((i) => i.blurhash).length;
    // Every thumbnail a blurhash was made from is kept in Cache Storage for the grid.
    expect(
      await client.page.evaluate(async () => (await (await caches.open('hypomos-thumbnails-v1')).keys()).length),
    ).toBe(thumbs + blobHashed);
  });

  it('the timeline shows the cached thumbnails, and a page gets a large one through the background', async () => {
    const page = await browser.openPage('dashboard.html#/timeline');
    // Grid tiles read the scanner's Cache Storage (blob: URLs) instead of asking the providers again.
    await expect.poll(() => page.locator('img[src^="blob:"]').count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const key = (await client.indexOf(ids.onedrive)).find((i) => i.blurhash)!.key;
    const before = await page.evaluate(async () => (await (await caches.open('hypomos-thumbnails-v1')).keys()).length);
    const reply = await page.evaluate(
      (key) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({ type: 'sources.cacheThumbnail', key }),
      key,
    );
    expect(reply).toMatchObject({ ok: true, value: { cached: true } });
    // The grid also caches large thumbnails of the tiles on screen meanwhile, so the count can grow by more.
    expect(
      await page.evaluate(async () => (await (await caches.open('hypomos-thumbnails-v1')).keys()).length),
    ).toBeGreaterThanOrEqual(before + 1);
    // The vision pipeline and the duplicates review are mounted with that source.
    await page.goto(page.url().replace('#/timeline', '#/people'));
    await expect.poll(() => page.getByRole('heading', { name: 'Faces, objects and text' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'People', exact: true }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it('the sources page shows each source with its counts, and "Sync now" syncs it', async () => {
    const page = client.page;
    await page.reload();
    const card = page.locator(`[data-source-id="${ids.gdrive}"]`);
    await expect.poll(() => card.locator('[data-stat="items"]').textContent(), { timeout: 15_000 }).toBe('14');
    expect(await page.locator('.source-card').count()).toBe(3);
    expect(await card.locator('[data-stat="failed"]').textContent()).toBe('0');
    const falcon = await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg'));
    demo.drive.store.addFile({ path: 'Pictures/Sync now.jpg', bytes: falcon, mimeType: 'image/jpeg' });
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => card.locator('[data-stat="items"]').textContent(), { timeout: 30_000 }).toBe('15');
    await client.waitIdle(Object.values(ids));
    await expectMatches('gdrive', demo.drive.store);

    // Settings are stored (versioned) and the background follows them: here the sync alarm's period.
    await page.getByRole('button', { name: 'Settings…' }).click();
    await page.getByLabel('Minutes between background syncs (0 = off)').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const worker = await browser.serviceWorker();
    await expect
      .poll(() =>
        worker.evaluate(
          async () => (await (globalThis as unknown as AlarmGlobal).chrome.alarms.get('hypomos-sync'))?.periodInMinutes,
        ),
      )
      .toBe(5);
  });

  it('after adds, changes, moves and deletions at the sources, the next sync matches them again', async () => {
    const falcon = await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg'));
    for (const store of [demo.graph.store, demo.drive.store]) {
      const victim = store.findByPath('Pictures/Nature/el_torcal_rocks.jpg')!;
      const changed = store.findByPath('Pictures/Nature/wood_anemones.jpg')!;
      const renamed = store.findByPath('Pictures/Travel/denali.webp')!;
      store.remove(victim.id);
      store.changeFile(changed.id, { bytes: falcon });
      store.changeFile(renamed.id, { name: 'Denali from the plane.webp' });
      store.addFile({ path: 'Pictures/New/falcon again.jpg', bytes: falcon, mimeType: 'image/jpeg' });
    }
    const before = new Map((await client.indexOf(ids.onedrive)).map((i) => [i.name, i]));
    await syncAndWait();
    await expectMatches('onedrive', demo.graph.store);
    await expectMatches('gdrive', demo.drive.store);
    const after = await client.indexOf(ids.onedrive);
    expect(after.find((i) => i.name === 'wood_anemones.jpg')?.width).toBe(before.get('prairie_falcon.jpg')?.width);
    expect(after.find((i) => i.name === 'Apple iPhone 4.jpg')?.etag).toBe(before.get('Apple iPhone 4.jpg')?.etag);
  });

  it('honours a 429 with a fractional Retry-After, refreshes the token after a 401, and rescans after a 410', async () => {
    demo.graph.faults.push({ match: /\/delta/, status: 429, retryAfter: '0.5', times: 2 });
    demo.graph.authority.expireAccessTokens();
    const gone = demo.graph.store.findByPath('Pictures/Cameras/Nikon D5000.jpg')!;
    demo.graph.store.remove(gone.id);
    demo.graph.store.expireCheckpoints();
    const hitsBefore = demo.graph.faults.hits.length;
    const refreshesBefore = demo.graph.authority.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
    await syncAndWait();
    expect(demo.graph.faults.hits.length - hitsBefore).toBe(2);
    expect(demo.graph.authority.tokenRequests.filter((r) => r.grantType === 'refresh_token').length).toBe(
      refreshesBefore + 1,
    );
    // The deletion happened before the checkpoint was dropped: only the rescan's reconciliation can see it.
    await expectMatches('onedrive', demo.graph.store);
    expect((await client.indexOf(ids.onedrive)).some((i) => i.name === 'Nikon D5000.jpg')).toBe(false);
    expect((await client.statuses()).find((s) => s.id === ids.onedrive)).toMatchObject({ lastError: null, failed: 0 });
  });

  it('the sync alarm picks up changes without anyone asking', async () => {
    const falcon = await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg'));
    demo.drive.store.addFile({ path: 'Pictures/From the alarm.jpg', bytes: falcon, mimeType: 'image/jpeg' });
    const worker = await browser.serviceWorker();
    // The real alarm, due now instead of in 15 minutes (unpacked extensions may schedule it this soon).
    await worker.evaluate(() =>
      (globalThis as unknown as AlarmGlobal).chrome.alarms.create('hypomos-sync', { when: Date.now() + 50 }),
    );
    await expect
      .poll(async () => (await client.indexOf(ids.gdrive)).some((i) => i.name === 'From the alarm.jpg'), {
        timeout: 30_000,
      })
      .toBe(true);
    await client.waitIdle(Object.values(ids));
    await expectMatches('gdrive', demo.drive.store);
  });

  it('a connection reset in the middle of a Range read is retried; a file that keeps failing is recorded and the rest goes on', async () => {
    const canon = await readFile(join(demoPhotosDir, 'Pictures/Cameras/Canon EOS 7D.jpg'));
    demo.graph.store.addFile({ path: 'Pictures/Reset/once.jpg', bytes: canon, mimeType: 'image/jpeg' });
    demo.graph.store.addFile({ path: 'Pictures/Reset/always.jpg', bytes: canon, mimeType: 'image/jpeg' });
    demo.graph.store.addFile({
      path: 'Pictures/Reset/fine.jpg',
      bytes: await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg')),
      mimeType: 'image/jpeg',
    });
    const once = demo.graph.store.findByPath('Pictures/Reset/once.jpg')!;
    const always = demo.graph.store.findByPath('Pictures/Reset/always.jpg')!;
    demo.graph.faults.push({ match: new RegExp(`/_download/${encodeURIComponent(once.id)}`), resetAfterBytes: 1000 });
    demo.graph.faults.push({
      match: new RegExp(`/_download/${encodeURIComponent(always.id)}`),
      resetAfterBytes: 1000,
      times: 50,
    });
    await syncAndWait();
    const index = await client.indexOf(ids.onedrive);
    expect(index.some((i) => i.name === 'once.jpg')).toBe(true);
    expect(index.some((i) => i.name === 'fine.jpg')).toBe(true);
    expect(index.some((i) => i.name === 'always.jpg')).toBe(false);
    expect(await client.tableCount('failed', ids.onedrive)).toBe(1);
    // Transient failures are queued again at the next sync: once the server behaves, the file is indexed.
    demo.graph.faults.clear();
    await syncAndWait();
    await expectMatches('onedrive', demo.graph.store);
    expect(await client.tableCount('failed', ids.onedrive)).toBe(0);
  });
});
