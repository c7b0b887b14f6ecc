import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedItems, publishShare, type ScenarioStorage, startScenarioStorage } from './delivery-support';
import { type FirefoxSession, launchFirefox } from './harness/firefox';
import { api, type PortalStack, signInThroughPortal, startPortalStack } from './portal-support';

// The viewer picks a path per item from its published delivery descriptor and heals itself: grid sources in order
// (Drive thumbnails queued), the direct full and download forms first, the portal's relay when direct fails; an item
// is reported dead only when its storage says "gone", never on a throttle, a CORS or network failure, or a missing
// thumbnail. Storage answers as REAL-SERVICES.md says the real hosts do (e2e/delivery-support.ts), on another site.

let stack: PortalStack;
let storage: ScenarioStorage;
let owner: Page;
let firefox: FirefoxSession | undefined;
let shareUrl = '';
let shareId = '';
let collectionId = '';
const ids = new Map<string, string>(); // source item id → portal item id
const tile = (name: string) => `.tile[data-item-id="${ids.get(name)}"]`;

const SHOTS = process.env.SCREENSHOT_DIR;

async function reports() {
  const all = (
    await api<{ reports: { itemId: string; reason: string; collectionId: string }[] }>(owner, 'GET', '/api/reports')
  ).json.reports;
  return all.filter((r) => r.collectionId === collectionId).map((r) => ({ itemId: r.itemId, reason: r.reason }));
}

describe('delivery descriptors in the guest viewer: path per item, healing, no false dead links', () => {
  beforeAll(async () => {
    storage = await startScenarioStorage();
    stack = await startPortalStack();
    owner = await stack.owner.context.newPage();
    await signInThroughPortal(owner, stack, 'alice');
    const share = await publishShare(owner, 'Mixed delivery', mixedItems(storage));
    ({ collectionId, shareId, url: shareUrl } = share);
    for (const [k, v] of share.ids) ids.set(k, v);
  });
  afterAll(async () => {
    await firefox?.close();
    await stack?.close();
    await storage?.close();
  });

  it('Chromium guest: every servable item shows, OneDrive heals to the relay, a throttle is "temporarily unavailable", only the gone item is reported', async () => {
    const viewer = await stack.guest.context.newPage();
    await viewer.setViewportSize({ width: 1280, height: 900 });
    await viewer.goto(shareUrl);
    // 17 published; the gone one is hidden once its storage said 404 notFound.
    await expect.poll(() => viewer.getByTestId('item-count').textContent(), { timeout: 30_000 }).toBe('16 items');
    // 10 Drive photos, the one whose thumbnail 404s (API image), OneDrive via the relay, Blob direct.
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBe(13);
    expect(await viewer.locator(`${tile('od-15')} img`).getAttribute('data-via')).toBe('relay');
    expect(await viewer.locator(`${tile('blob-17')} img`).getAttribute('data-via')).toBe('direct');
    expect(await viewer.locator(`${tile('drive-thumb404-11')} img`).getAttribute('src')).toContain('/drive/v3/files/');
    await expect
      .poll(() => viewer.locator(`${tile('drive-quota-13')} .tile-problem`).textContent(), { timeout: 15_000 })
      .toBe('Temporarily unavailable');
    // A video without its thumbnail is still there, with no complaint.
    expect(await viewer.locator(tile('video-thumb404-12')).count()).toBe(1);
    expect(await viewer.locator(`${tile('video-thumb404-12')} .tile-problem`).count()).toBe(0);
    expect(await viewer.locator(tile('drive-gone-14')).count()).toBe(0);
    await expect
      .poll(reports, { timeout: 15_000 })
      .toEqual([{ itemId: ids.get('drive-gone-14'), reason: 'not_found' }]);

    // Drive thumbnails were queued: never more than 4 in flight, so the per-client throttle never answered 429
    // except for the file that is throttled whatever happens.
    expect(storage.peakThumbnails).toBeLessThanOrEqual(4);
    const thumbs = storage.requests.filter((r) => r.path === '/thumbnail' && !r.id.includes('quota'));
    expect(thumbs.filter((r) => r.status === 429)).toEqual([]);
    // Direct Drive API loads carried the origin (strict-origin), never the page's path with the share token.
    const apiLoads = storage.requests.filter((r) => r.path.startsWith('/drive/v3/') && r.site === 'cross-site');
    expect(apiLoads.length).toBeGreaterThan(0);
    expect(new Set(apiLoads.map((r) => r.referer))).toEqual(new Set([`${stack.dev.origin}/`]));
    // Other providers' direct loads sent no Referer at all.
    const others = storage.requests.filter((r) => /^\/(embed|blob)\//.test(r.path) && r.site === 'cross-site');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r) => r.referer === null)).toBe(true);
    if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/delivery-guest-chromium.png` });

    // The lightbox plays the OneDrive video through the relay (no direct form) and the Drive video directly.
    await viewer.locator(tile('video-od-16')).click();
    const video = viewer.getByTestId('lightbox').locator('video.media');
    expect(await video.getAttribute('data-via')).toBe('relay');
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await viewer.keyboard.press('Escape');
    await viewer.locator(tile('video-thumb404-12')).click();
    expect(await video.getAttribute('data-via')).toBe('direct');
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await viewer.keyboard.press('Escape');
    // The throttled photo in the lightbox: direct, then relay (503), then says so; still not reported.
    await viewer.locator(tile('drive-quota-13')).click();
    await expect
      .poll(() => viewer.getByTestId('lightbox').locator('.media-problem').textContent(), { timeout: 15_000 })
      .toBe('Temporarily unavailable');
    if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/delivery-lightbox-throttled.png` });
    await viewer.keyboard.press('Escape');
    expect(await reports()).toHaveLength(1);
    await viewer.close();
  });

  it('Download all: direct where the storage allows fetch(), the relay for OneDrive and the Blob account without CORS; hashes match', async () => {
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(shareUrl);
    const button = viewer.getByRole('button', { name: 'Download all (16)' });
    await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
    const before = storage.requests.length;
    const [download] = await Promise.all([viewer.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    await expect.poll(() => viewer.getByTestId('zip-progress').getAttribute('data-state')).toBe('done');
    expect(await viewer.locator('.download-all .error').textContent()).toBe(
      '1 could not be fetched and were left out.',
    );
    const dir = await mkdtemp(join(tmpdir(), 'hypomos-zip-'));
    try {
      const zip = join(dir, 'photos.zip');
      await download.saveAs(zip);
      execFileSync('unzip', ['-q', zip, '-d', join(dir, 'out')]);
      const names = await readdir(join(dir, 'out'));
      const hashes = await Promise.all(
        names.map(async (n) =>
          createHash('sha256')
            .update(await readFile(join(dir, 'out', n)))
            .digest('hex'),
        ),
      );
      const expected = [...ids.keys()]
        .filter((k) => !k.includes('gone') && !k.includes('quota'))
        .map((k) => storage.hashOf(k));
      expect(hashes.sort()).toEqual(expected.sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // The relay (server-side: no Sec-Fetch-Site) read exactly the three items no direct fetch() can read.
    const relayed = storage.requests.slice(before).filter((r) => r.site === null);
    expect([...new Set(relayed.map((r) => r.id))].sort()).toEqual([
      'blob-17',
      'drive-quota-13',
      'od-15',
      'video-od-16',
    ]);
    expect(await reports()).toHaveLength(1);
    await viewer.close();
  });

  it('firefox-esr guest: the same share heals the same way, and a throttle is not reported', async () => {
    firefox = await launchFirefox({ extension: false });
    const viewer = await firefox.openPage(shareUrl);
    await expect.poll(() => viewer.text('[data-testid="item-count"]'), { timeout: 60_000 }).toBe('16 items');
    await expect.poll(() => viewer.count('.tile-img.loaded'), { timeout: 60_000 }).toBe(13);
    expect(await viewer.attribute(`${tile('od-15')} img`, 'data-via')).toBe('relay');
    await expect
      .poll(() => viewer.text(`${tile('drive-quota-13')} .tile-problem`), { timeout: 30_000 })
      .toBe('Temporarily unavailable');
    expect(await viewer.count(`${tile('video-thumb404-12')} .tile-problem`)).toBe(0);
    await viewer.click(tile('video-od-16'));
    await viewer.waitFor('[data-testid="lightbox"] video.media');
    expect(await viewer.attribute('[data-testid="lightbox"] video.media', 'data-via')).toBe('relay');
    await expect
      .poll(() => viewer.evaluate(() => document.querySelector<HTMLVideoElement>('video.media')?.readyState ?? 0), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(2);
    // Firefox reports the gone item too (one row per item and reason); nothing else.
    expect(await reports()).toEqual([{ itemId: ids.get('drive-gone-14'), reason: 'not_found' }]);
  });

  it('relay off: the owner page lists exactly the items guests cannot load, in words and with stills; guests are told, nothing is reported', async () => {
    await owner.goto(`${stack.dev.origin}/app/shares`);
    const row = owner.locator(`li[data-share="${shareId}"]`);
    // Controlled by the saved state: it flips once the portal has switched the relay off.
    await row.locator('input[name="relay"]').click();
    await expect.poll(() => row.locator('.relay-toggle').textContent()).toContain('nothing passes through the portal');
    const list = owner.locator(`[data-testid="unserved"][data-share="${shareId}"]`);
    await list.waitFor();
    const listed = await list.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    expect(listed.sort()).toEqual([ids.get('od-15'), ids.get('video-od-16'), ids.get('blob-17')].sort());
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('OneDrive does not play videos for other sites');
    expect(text).toContain('The storage account has no CORS rule for the portal');
    for (const raw of ids.keys()) expect(text).not.toContain(raw);
    // Stills where the host serves them (Blob); a blank square for the video without one and the refused embed link.
    await expect.poll(() => list.locator('span.unserved-thumb').count(), { timeout: 10_000 }).toBe(2);
    const blobStill = list.locator(`li[data-item-id="${ids.get('blob-17')}"] img.unserved-thumb`);
    await expect
      .poll(() => blobStill.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    if (SHOTS) await owner.screenshot({ path: `${SHOTS}/delivery-owner-relay-off.png`, fullPage: true });

    const viewer = await stack.guest.context.newPage();
    await viewer.goto(shareUrl);
    await expect.poll(() => viewer.locator('.tile-img.loaded').count(), { timeout: 30_000 }).toBe(12);
    await expect
      .poll(() => viewer.locator(`${tile('od-15')} .tile-problem`).textContent(), { timeout: 15_000 })
      .toBe('Could not load');
    await viewer.locator(tile('video-od-16')).click();
    expect(await viewer.getByTestId('lightbox').locator('.media-problem').textContent()).toContain(
      'can only be shown through the portal',
    );
    expect(await reports()).toHaveLength(1);
    await viewer.close();
  });
});
