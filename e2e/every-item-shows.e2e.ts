import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { demoPhotosDir } from '../dev-services/src/seed/index';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { playInPage } from './video-support';
import { ExtensionClient } from './sources-support';

/**
 * What a user of the demo notices first: every item of the three demo sources (OneDrive and Drive contract
 * servers, azurite Blob, 14 files each) shows an image in the timeline, every video plays, and the month a
 * photo is grouped under is the month its lightbox says it was taken.
 */
describe('every demo item shows (Chromium, demo sources)', () => {
  let demo: DemoSources;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let page: Page;
  let total = 0;
  /** The page's warnings (a thumbnail that could not be made says why), shown when a tile stays blank. */
  const warnings: string[] = [];

  beforeAll(async () => {
    demo = await startDemoSources();
    browser = await launchChromium({ extensionDir: process.env.HYPOMOS_EXTENSION_DIR });
    client = await ExtensionClient.open(browser);
    const { ids } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const statuses = await client.waitIdle(ids, 180_000);
    total = statuses.reduce((n, s) => n + s.items, 0);
    page = await browser.openPage('dashboard.html#/timeline');
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    // Tall enough that the virtualized grid renders every row of the demo library.
    await page.setViewportSize({ width: 1400, height: 3200 });
    // Every copy as its own tile: bursts and RAW+JPEG pairs are stacked by default.
    await page.getByLabel(/Stack RAW\+JPEG and bursts/).uncheck();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('every tile of the timeline has a loaded image (the Blob photos, HEIC and videos included)', async () => {
    expect(total).toBe(42);
    await expect.poll(() => page.locator('[role=gridcell]').count(), { timeout: 30_000 }).toBe(total);
    const blank = () =>
      page.$$eval('[role=gridcell]', (tiles) =>
        tiles
          .filter((t) => {
            const img = t.querySelector<HTMLImageElement>('img.thumb-image');
            return !img || !img.complete || img.naturalWidth === 0;
          })
          .map((t) => t.getAttribute('title')),
      );
    await expect
      .poll(blank, { timeout: 240_000, interval: 1000, message: `page warnings: ${warnings.join(' | ')}` })
      .toEqual([]);
  }, 300_000);

  it('every video plays for the owner in the lightbox', async () => {
    const videos = await page.$$eval('[role=gridcell]', (tiles) =>
      tiles.filter((t) => t.querySelector('.thumb-badge')).map((t) => Number(t.getAttribute('data-index'))),
    );
    expect(videos).toHaveLength(6);
    for (const index of videos) {
      await page.locator(`[role=gridcell][data-index="${index}"]`).dblclick();
      const video = page.getByTestId('lightbox-video');
      await video.waitFor();
      const played = await page.evaluate(playInPage, '[data-testid="lightbox-video"]');
      expect(played.width).toBeGreaterThan(0);
      expect(played.time).toBeGreaterThan(0);
      await page.keyboard.press('Escape');
    }
  }, 300_000);

  it('the month a photo is grouped under is the month its lightbox says it was taken', async () => {
    const tiles = await page.$$eval('[role=gridcell]', (cells) => {
      // Each tile belongs to the nearest month header above it in document order.
      const all = Array.from(document.querySelectorAll('[data-testid=grid-group], [role=gridcell]'));
      let group = '';
      const byIndex = new Map<number, string>();
      for (const el of all) {
        if (el.matches('[data-testid=grid-group]')) group = el.textContent ?? '';
        else byIndex.set(Number(el.getAttribute('data-index')), group);
      }
      return cells.map((c) => ({
        index: Number(c.getAttribute('data-index')),
        group: byIndex.get(Number(c.getAttribute('data-index'))) ?? '',
      }));
    });
    expect(tiles).toHaveLength(total);
    const mismatches: string[] = [];
    for (const { index, group } of tiles) {
      await page.locator(`[role=gridcell][data-index="${index}"]`).dblclick();
      const taken = (await page.getByTestId('meta-taken').textContent()) ?? '';
      const name = (await page.getByTestId('meta-name').textContent()) ?? '';
      // "Aug 2012" under the header; "Sunday, August 5, 2012 at 11:39 AM" in the lightbox.
      const [month, year] = group.split(' ');
      if (!month || !year || !taken.includes(year) || !taken.includes(month))
        mismatches.push(`${name}: group "${group}", lightbox "${taken}"`);
      expect(taken).not.toMatch(/\d{4}-\d\d-\d\dT/); // never raw ISO
      await page.keyboard.press('Escape');
    }
    expect(mismatches).toEqual([]);
    // Every copy of a photo (OneDrive, Drive, Blob) sits under the month of its EXIF DateTimeOriginal as
    // exiftool reads it; before, the Blob copies without an offset sat under their upload month.
    const names = await page.$$eval('[role=gridcell]', (cells) =>
      cells.map((c) => ({ index: Number(c.getAttribute('data-index')), name: c.getAttribute('title') ?? '' })),
    );
    const groupOf = new Map(tiles.map((t) => [t.index, t.group]));
    const expected = exiftoolMonths();
    expect(expected.size).toBeGreaterThanOrEqual(10);
    for (const [name, month] of expected) {
      const groups = names.filter((n) => n.name === name).map((n) => groupOf.get(n.index));
      expect(groups, name).toEqual([month, month, month]);
    }
  }, 300_000);
});

/** File name → "Aug 2012" from exiftool's DateTimeOriginal, for every demo photo that has one. */
function exiftoolMonths(): Map<string, string> {
  const out = execFileSync('exiftool', ['-json', '-r', '-DateTimeOriginal', demoPhotosDir], { encoding: 'utf8' });
  const rows = JSON.parse(out) as { SourceFile: string; DateTimeOriginal?: string }[];
  const month = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const map = new Map<string, string>();
  for (const r of rows) {
    const m = /^(\d{4}):(\d\d):/.exec(r.DateTimeOriginal ?? '');
    if (m) map.set(r.SourceFile.split('/').pop()!, month.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)));
  }
  return map;
}
