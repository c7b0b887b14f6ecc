import { matches } from '../shared/src/filter/match';
import { parseQuery } from '../shared/src/filter/parse';
import type { IndexItem } from '../shared/src/index/item';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateAll,
  generateItems,
  installIdbHelpers,
  type SeedOptions,
  seedOptions,
  seedThroughPage,
} from './fixtures/library-seed';
import { startThumbnailServer, type ThumbnailServer } from './fixtures/thumbnail-server';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';

const TOTAL = 100_000;
const HOSTILE = '<img src=x onerror="window.__xss=1">.jpg';

/** Hand-made newest items on top of the generated 100k: a hostile name, a RAW+JPEG pair (assembled) and a burst. */
function extraItems(opts: SeedOptions, now: number): IndexItem[] {
  const base = generateItems(opts, 900_000, 1)[0] as unknown as IndexItem;
  const mk = (id: string, over: Partial<IndexItem>): IndexItem =>
    ({
      ...base,
      key: `nas:${id}`,
      providerItemId: id,
      sourceId: 'nas',
      sourceKind: 'local',
      folder: 'Trips/Lisbon',
      tags: [],
      people: [],
      labels: [],
      ...over,
    }) as IndexItem;
  const t = now - 3_600_000;
  return [
    mk('x-hostile', {
      name: HOSTILE,
      takenAt: t,
      make: '<script>window.__xss=2</script>',
      model: 'NIKON D70',
      lens: '18-70mm f/3.5-4.5G',
      fNumber: 5.6,
      exposureTime: 0.004,
      iso: 200,
      focalLength: 35,
      lat: 38.7223,
      lon: -9.1393,
      hasGps: 1,
      placeName: 'Lisbon, Portugal',
      place: { city: 'Lisbon', region: null, country: 'Portugal' },
      people: ['Alice'],
      labels: ['tram'],
      webUrl: 'https://example.invalid/nas/x-hostile',
    }),
    // Assembled pair: same camera and base name, the RAW a NEF as exiftool's Nikon.nef would be.
    mk('x-pair-jpg', { name: 'DSC_9001.JPG', takenAt: t - 60_000, make: 'NIKON CORPORATION', model: 'NIKON D70' }),
    mk('x-pair-nef', {
      name: 'DSC_9001.NEF',
      takenAt: t - 60_000,
      make: 'NIKON CORPORATION',
      model: 'NIKON D70',
      mimeType: 'image/x-nikon-nef',
    }),
    ...[0, 1, 2, 3].map((i) =>
      mk(`x-burst-${i}`, {
        name: `DSC_910${i}.JPG`,
        takenAt: t - 120_000 + i * 300,
        make: 'NIKON CORPORATION',
        model: 'NIKON D70',
      }),
    ),
    mk('x-js-link', { name: 'link.jpg', takenAt: t - 200_000, webUrl: 'javascript:window.__xss=3' }),
  ];
}

describe('library dashboard at 100,000 items', () => {
  let thumbs: ThumbnailServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let all: IndexItem[];
  const now = Date.now();
  const count = (q: string) => all.filter((i) => matches(i, parseQuery(q).filter)).length;
  const tiles = () => page.locator('[role="gridcell"]');
  const countText = async (testId: string) =>
    Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[^\d]/g, ''));

  beforeAll(async () => {
    thumbs = await startThumbnailServer();
    browser = await launchChromium();
    page = await browser.openPage('dashboard.html#/timeline');
  });
  afterAll(async () => {
    await browser?.close();
    await thumbs?.close();
  });

  it('tells a new user to connect a source, then loads 100,000 seeded items', async () => {
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true);
    expect(await page.getByTestId('empty-state').getByRole('link').getAttribute('href')).toBe('#/sources');
    const opts = await seedOptions(thumbs.thumbs, now);
    const extra = extraItems(opts, now);
    await installIdbHelpers(page);
    expect(await seedThroughPage(page, opts, TOTAL, extra as unknown as Record<string, unknown>[])).toBe(
      TOTAL + extra.length,
    );
    all = [...(generateAll(opts, TOTAL) as unknown as IndexItem[]), ...extra];
    await page.reload();
    await expect.poll(() => countText('timeline-count'), { timeout: 60_000 }).toBe(TOTAL + extra.length);
    await expect.poll(() => page.getByTestId('progress').count(), { timeout: 60_000 }).toBe(0);
  }, 300_000); // seeding 100,000 rows through IndexedDB: minutes on a busy 2-core machine

  it('paints blurhash placeholders then real thumbnails, virtualized', async () => {
    expect(await page.locator('.thumb-placeholder').count()).toBeGreaterThan(0);
    await expect
      .poll(() =>
        page
          .locator('.thumb[data-loaded="1"] img.thumb-image')
          .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
      )
      .toBeGreaterThan(5);
    // Only what is on screen exists in the DOM.
    expect(await tiles().count()).toBeLessThan(400);
  });

  it('keeps file names and EXIF strings as text (hostile name)', async () => {
    const hostile = page.locator('[data-key="nas:x-hostile"]');
    await expect.poll(() => hostile.getAttribute('title')).toBe(HOSTILE);
    await hostile.dblclick();
    await expect.poll(() => page.getByTestId('meta-name').textContent()).toBe(HOSTILE);
    expect(await page.getByTestId('meta-camera').textContent()).toBe('<script>window.__xss=2</script> NIKON D70');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('shows the metadata panel with exposure, place, people, source, path and open-in-source', async () => {
    expect(await page.getByTestId('meta-lens').textContent()).toBe('18-70mm f/3.5-4.5G');
    expect(await page.getByTestId('meta-exposure').textContent()).toBe('1/250 s · ƒ/5.6 · ISO 200 · 35 mm');
    expect(await page.getByTestId('meta-place').textContent()).toContain('Lisbon, Portugal');
    expect(await page.getByTestId('meta-people').textContent()).toBe('Alice');
    expect(await page.getByTestId('meta-labels').textContent()).toBe('tram');
    expect(await page.getByTestId('meta-source').textContent()).toBe('local · nas');
    expect(await page.getByTestId('meta-path').textContent()).toBe(`/Trips/Lisbon/${HOSTILE}`);
    expect(await page.getByTestId('open-in-source').getAttribute('href')).toBe('https://example.invalid/nas/x-hostile');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('lightbox').count()).toBe(0);
  });

  it('never links a javascript: source URL', async () => {
    await page.locator('[data-key="nas:x-js-link"]').dblclick();
    await expect.poll(() => page.getByTestId('meta-name').textContent()).toBe('link.jpg');
    expect(await page.getByTestId('open-in-source').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('stacks the RAW+JPEG pair and the burst, and expands them', async () => {
    const pair = page.locator('[data-key="nas:x-pair-jpg"] [data-testid="stack-badge"]');
    await expect.poll(() => pair.textContent()).toContain('2');
    expect(await page.locator('[data-key="nas:x-pair-nef"]').count()).toBe(0);
    await pair.click();
    await expect.poll(() => page.locator('[data-key="nas:x-pair-nef"]').count()).toBe(1);
    const burst = page.locator('[data-key="nas:x-burst-0"] [data-testid="stack-badge"]');
    expect(await burst.textContent()).toContain('4');
    expect(await page.locator('[data-key="nas:x-burst-2"]').count()).toBe(0);
  });

  it('selects with click, shift-click, ctrl-click and the keyboard', async () => {
    const t = (i: number) => page.locator(`[role="gridcell"][data-index="${i}"]`);
    await t(0).click();
    await t(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => countText('selection-count')).toBe(5);
    await t(2).click({ modifiers: ['Control'] });
    await expect.poll(() => countText('selection-count')).toBe(4);
    await page.keyboard.press('Escape');
    await t(1).click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => countText('selection-count')).toBe(3);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    await expect.poll(() => countText('selection-count')).toBe(4);
  });

  it('tags the selection and makes a static collection from it', async () => {
    await page.getByLabel('Tag', { exact: true }).fill('reviewed');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => page.getByTestId('selection-note').textContent()).toContain('Tagged 4');
    await page.getByRole('button', { name: 'New collection' }).click();
    // The name is asked in a dialog (no window.prompt): it offers a default, and the new collection takes the typed one.
    const ask = page.getByTestId('prompt-dialog');
    await ask.getByLabel('Name').fill('Picked four');
    await ask.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByTestId('selection-note').textContent()).toContain('Created “Picked four”');
  });

  it('scrubs to an older year', async () => {
    const before = await page.getByTestId('scrubber-current').textContent();
    await page.locator('.scrubber-year').filter({ hasText: '2013' }).click();
    await expect.poll(() => page.getByTestId('scrubber-current').textContent()).toContain('2013');
    expect(before).not.toContain('2013');
  });

  it('searches live with chips, counts matching the pure predicate', async () => {
    await page.goto(page.url().replace(/#.*/, '#/search'));
    const q = 'camera:canon tag:family has:gps';
    await page.getByTestId('query-bar').fill(q);
    await expect.poll(() => page.getByTestId('chip').count()).toBe(3);
    const expected = count(q);
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(expected);
    await page.getByRole('button', { name: 'Remove has:gps' }).click();
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(count('camera:canon tag:family'));
    await page.getByTestId('query-bar').fill('tag:reviewed');
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(4);
    await page.getByTestId('query-bar').fill('near:38.72,-9.14,20km after:2020-01-01');
    await expect
      .poll(() => countText('result-count'), { timeout: 30_000 })
      .toBe(count('near:38.72,-9.14,20km after:2020-01-01'));
  });

  it('saves a dynamic collection that stays current, beside the static one', async () => {
    await page.getByTestId('query-bar').fill('tag:reviewed');
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(4);
    await page.getByRole('button', { name: 'Save as dynamic collection' }).click();
    await page.getByTestId('prompt-dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await page.goto(page.url().replace(/#.*/, '#/collections'));
    const dynamic = page.locator('[data-testid="collection-card"][data-kind="dynamic"]');
    await expect.poll(() => dynamic.getByTestId('count-badge').textContent(), { timeout: 30_000 }).toBe('4');
    expect(
      await page
        .locator('[data-testid="collection-card"][data-kind="static"] [data-testid="count-badge"]')
        .textContent(),
    ).toBe('4');
    // Tag one more item elsewhere: the dynamic badge follows.
    await page.goto(page.url().replace(/#.*/, '#/timeline'));
    await page.locator('[role="gridcell"][data-index="10"]').click();
    await page.getByLabel('Tag', { exact: true }).fill('reviewed');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => page.getByTestId('selection-note').textContent()).toContain('Tagged 1');
    await page.goto(page.url().replace(/#.*/, '#/collections'));
    await expect.poll(() => dynamic.getByTestId('count-badge').textContent(), { timeout: 30_000 }).toBe('5');
  });

  it('follows edits made in another dashboard tab without a reload: a whole folder, then one item', async () => {
    await page.goto(page.url().replace(/#.*/, '#/search'));
    await page.getByTestId('query-bar').fill('tag:elsewhere');
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(0);
    // A folder big enough that Dexie reports the write as a range (≥ 50 rows), not key by key.
    const groups = new Map<string, number>();
    for (const i of all) groups.set(`${i.sourceId}|${i.folder}`, (groups.get(`${i.sourceId}|${i.folder}`) ?? 0) + 1);
    const [group] = [...groups].find(([, n]) => n >= 60 && n <= 400)!;
    const [sourceId, folder] = group.split('|') as [string, string];
    const other = await browser.openPage(
      `dashboard.html#/search?q=${encodeURIComponent(`source:${sourceId} folder:"${folder}"`)}`,
    );
    await expect.poll(() => other.getByTestId('progress').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => other.locator('[role="gridcell"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await other.locator('[role="gridcell"]').first().dblclick();
    await other.getByLabel('Tag for this folder').fill('elsewhere');
    await other.getByRole('button', { name: 'Tag this folder' }).click();
    const status = other.locator('.lightbox [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Tagged \d+ items/);
    const tagged = Number(/Tagged (\d+)/.exec((await status.textContent()) ?? '')![1]);
    expect(tagged).toBeGreaterThanOrEqual(60);
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(tagged);
    // One item tagged in the other tab is re-read by key.
    await other.keyboard.press('Escape');
    await other.locator('[role="gridcell"]').nth(1).click();
    await other.getByLabel('Tag', { exact: true }).fill('elsewhere-one');
    await other.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => other.getByTestId('selection-note').textContent()).toContain('Tagged 1');
    await page.getByTestId('query-bar').fill('tag:elsewhere-one');
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(1);
    await other.close();
    await page.goto(page.url().replace(/#.*/, '#/collections'));
  });

  it('reorders a static collection and sets its cover', async () => {
    await page.locator('[data-testid="collection-card"][data-kind="static"]').click();
    await page.getByRole('button', { name: 'Arrange' }).click();
    const keys = () =>
      page.getByTestId('arrange-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    const before = await keys();
    await page.getByTestId('arrange-item').nth(0).getByRole('button', { name: '↓ Later' }).click();
    await expect.poll(keys).toEqual([before[1], before[0], ...before.slice(2)]);
    await page.getByTestId('arrange-item').nth(2).getByRole('button', { name: 'Set as cover' }).click();
    await expect.poll(() => page.getByTestId('cover').getAttribute('data-key')).toBe(before[2]);
  });

  it('runs a slideshow that records views, skips and likes', async () => {
    await page.getByRole('button', { name: 'Done arranging' }).click();
    await page.getByRole('button', { name: 'Slideshow', exact: true }).click();
    await expect.poll(() => page.getByTestId('slideshow').count()).toBe(1);
    const first = await page.getByTestId('slideshow').getAttribute('data-key');
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('slideshow-like').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('slideshow-position').textContent()).toContain('2 /');
    await page.keyboard.press('Escape');
    const stat = await page.evaluate(async (key) => {
      const db = await new Promise<IDBDatabase>((ok) => {
        const r = indexedDB.open('hypomos');
        r.onsuccess = () => ok(r.result);
      });
      return new Promise<Record<string, number>>((ok) => {
        const r = db.transaction('stats').objectStore('stats').get(key!);
        r.onsuccess = () => ok(r.result);
      });
    }, first);
    expect(stat).toMatchObject({ views: 1, likes: 1, skips: 1 });
  });

  it('lists magic collections from the statistics', async () => {
    await page.goto(page.url().replace(/#.*/, '#/collections'));
    const magic = (id: string) => page.locator(`[data-magic="${id}"] [data-testid="count-badge"]`);
    const liked = all.filter((i) => i.liked).length;
    await expect.poll(() => magic('most-liked').textContent()).toBe(Math.min(1000, liked + 1).toLocaleString('en-US'));
    const recent = all.filter((i) => i.addedAt >= now - 30 * 86_400_000).length;
    expect(await magic('recently-added').textContent()).toBe(Math.min(1000, recent).toLocaleString('en-US'));
    expect(await magic('never-viewed').textContent()).toBe('1,000');
  });

  it('tags a whole folder from the lightbox', async () => {
    await page.goto(page.url().replace(/#.*/, '#/timeline'));
    await page.locator('[data-key="nas:x-pair-jpg"]').dblclick();
    await page.getByLabel('Tag for this folder').fill('lisbon');
    await page.getByRole('button', { name: 'Tag this folder' }).click();
    const inFolder = all.filter(
      (i) => i.sourceId === 'nas' && (i.folder === 'Trips/Lisbon' || i.folder.startsWith('Trips/Lisbon/')),
    ).length;
    await expect
      .poll(() => page.locator('.lightbox [role="status"]').textContent(), { timeout: 30_000 })
      .toBe(`Tagged ${inFolder} items in /Trips/Lisbon`);
    await page.keyboard.press('Escape');
  });

  it('draws an offline map with clusters, then thumbnails when zoomed in', async () => {
    await page.goto(page.url().replace(/#.*/, '#/map'));
    await expect.poll(() => countText('map-count'), { timeout: 30_000 }).toBe(all.filter((i) => i.lat !== null).length);
    await expect.poll(() => page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cluster').count()).toBeGreaterThan(0);
    // Clusters can overlap when zoomed out, so the click goes to the element itself.
    for (let i = 0; i < 14 && (await page.locator('.map-thumb img').count()) === 0; i++) {
      const zoom = await page.getByTestId('map-zoom').textContent();
      await page.locator('.cluster').first().dispatchEvent('click');
      await expect.poll(() => page.getByTestId('map-zoom').textContent()).not.toBe(zoom);
      await expect.poll(() => page.locator('.cluster, .map-thumb').count()).toBeGreaterThan(0);
    }
    expect(await page.locator('.map-thumb img').count()).toBeGreaterThan(0);
    await page.getByLabel('Heat map').check();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(() => page.locator('.heat-dot').count()).toBeGreaterThan(0);
  });

  it('explores places, people, things and categories', async () => {
    await page.goto(page.url().replace(/#.*/, '#/explore'));
    await expect
      .poll(() => page.getByTestId('explore-countries').locator('li').count(), { timeout: 60_000 })
      .toBeGreaterThan(3);
    const videos = all.filter((i) => i.mediaType === 'video').length;
    const cat = page.getByTestId('explore-categories').locator('li', { hasText: 'Videos' });
    expect(await cat.locator('.badge').textContent()).toBe(videos.toLocaleString('en-US'));
    expect(await page.getByTestId('explore-people').locator('li', { hasText: 'Alice' }).count()).toBe(1);
    await page.getByTestId('explore-things').getByRole('link', { name: /tram/ }).click();
    await expect.poll(() => page.getByTestId('query-bar').inputValue()).toBe('label:tram');
    await expect.poll(() => countText('result-count'), { timeout: 30_000 }).toBe(1);
  });
});
