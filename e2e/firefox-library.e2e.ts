import { matches } from '../shared/src/filter/match';
import { parseQuery } from '../shared/src/filter/parse';
import type { IndexItem } from '../shared/src/index/item';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { playInPage } from './video-support';
import { asListing, ExtensionClient, storeListing } from './sources-support';

/**
 * The user's first session in Firefox (firefox-esr, the built MV2 extension, its real dashboard in a tab):
 * connect the demo sources (OneDrive and Google Drive sign in through Firefox's identity.launchWebAuthFlow),
 * scan them, browse the timeline, search, and keep a dynamic collection current.
 */
describe('Firefox: connect the demo sources, then timeline, search and a dynamic collection', () => {
  let demo: DemoSources;
  let ff: FirefoxSession;
  let client: ExtensionClient<FirefoxTab>;
  let ids: string[] = [];
  let all: IndexItem[] = [];
  const count = (q: string) => all.filter((i) => matches(i, parseQuery(q).filter)).length;
  const number = async (tab: FirefoxTab, testId: string) =>
    Number(((await tab.text(`[data-testid="${testId}"]`)) ?? '').replace(/[^\d]/g, ''));

  beforeAll(async () => {
    demo = await startDemoSources();
    ff = await launchFirefox();
    client = new ExtensionClient(await ff.openExtensionPage('dashboard.html#/sources'));
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
    await demo?.close();
  });

  it('signs in to the demo sources with Firefox redirect URLs and scans them fully', async () => {
    const { ids: connected } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    ids = connected;
    expect(ids).toHaveLength(3);
    const done = await client.waitIdle(ids, 240_000);
    for (const s of done) expect(s, s.name).toMatchObject({ items: 14, failed: 0, lastError: null });
    const kinds = Object.fromEntries(done.map((s) => [s.kind, s.id]));
    expect(asListing(await client.indexOf(kinds.onedrive!))).toEqual(storeListing(demo.graph.store));
    expect(asListing(await client.indexOf(kinds.gdrive!))).toEqual(storeListing(demo.drive.store));
    // Both providers were sent Firefox's own redirect address (identity.getRedirectURL), not Chrome's chromiumapp.org.
    const redirect = await client.page.evaluate(() =>
      (globalThis as unknown as FirefoxGlobal).browser.identity.getRedirectURL(),
    );
    expect(redirect).toMatch(/^https:\/\/[0-9a-f]+\.extensions\.allizom\.org\/$/);
    for (const uri of [...demo.graph.authority.authorizeRedirectUris, ...demo.drive.authority.authorizeRedirectUris])
      expect(uri.startsWith(redirect)).toBe(true);
    // The sources page shows them with their counts.
    await client.page.reload();
    await expect.poll(() => client.page.count('.source-card'), { timeout: 30_000 }).toBe(3);
    for (const id of ids)
      await expect
        .poll(() => client.page.text(`[data-source-id="${id}"] [data-stat="items"]`), { timeout: 30_000 })
        .toBe('14');
    all = (await Promise.all(ids.map((id) => client.rawItems(id)))).flat() as unknown as IndexItem[];
    expect(all).toHaveLength(42);
  }, 300_000);

  it('keeps the index in persistent storage (unlimitedStorage): Firefox does not evict it under pressure', async () => {
    // Firefox gives best-effort storage to sites and evicts it when the disk fills; the manifest's unlimitedStorage
    // makes the extension's storage persistent, with a quota far above the small-site group limit.
    const storage = await client.page.evaluate(async () => {
      const { quota } = await navigator.storage.estimate();
      return { persisted: await navigator.storage.persisted(), quota: quota ?? 0 };
    });
    expect(storage.persisted).toBe(true);
    expect(storage.quota).toBeGreaterThan(1024 ** 3);
  });

  it('the timeline lists every item with the cached thumbnails', async () => {
    const tab = client.page;
    await tab.route('#/timeline');
    await expect.poll(() => number(tab, 'timeline-count'), { timeout: 60_000 }).toBe(42);
    await expect.poll(() => tab.count('img[src^="blob:"]'), { timeout: 60_000 }).toBeGreaterThan(5);
  }, 180_000);

  it('searches with chips, counts matching the pure predicate', async () => {
    const tab = client.page;
    await tab.route('#/search');
    // A camera of the demo photos with some, not all, of its photos geotagged.
    const camera = [...new Set(all.map((i) => i.make?.split(' ')[0]?.toLowerCase()).filter(Boolean))].find(
      (c) => count(`camera:${c} has:gps`) > 0 && count(`camera:${c}`) > count(`camera:${c} has:gps`),
    );
    expect(camera).toBeTruthy();
    const q = `camera:${camera} has:gps`;
    await tab.fill('[data-testid="query-bar"]', q);
    await expect.poll(() => tab.count('[data-testid="chip"]')).toBe(2);
    expect(count(q)).toBeGreaterThan(0);
    await expect.poll(() => number(tab, 'result-count'), { timeout: 60_000 }).toBe(count(q));
    await tab.click('button[aria-label="Remove has:gps"]');
    await expect.poll(() => number(tab, 'result-count'), { timeout: 60_000 }).toBe(count(`camera:${camera}`));
  }, 180_000);

  it('saves a dynamic collection that follows a tag added afterwards', async () => {
    const tab = client.page;
    // Tag one search result from the selection bar.
    await tab.click('[role="gridcell"][data-index="0"]');
    const firstKey = await tab.attribute('[role="gridcell"][data-index="0"]', 'data-key');
    await tab.fill('input[aria-label="Tag"]', 'firefox');
    await tab.click('button', 'Add tag');
    await expect.poll(() => tab.text('[data-testid="selection-note"]'), { timeout: 30_000 }).toContain('Tagged 1');
    const tagged = 1;

    await tab.fill('[data-testid="query-bar"]', 'tag:firefox');
    await expect.poll(() => number(tab, 'result-count'), { timeout: 60_000 }).toBe(tagged);
    await tab.click('button', 'Save as dynamic collection');
    await tab.fill('[data-testid="prompt-dialog"] input', 'Firefox picks');
    await tab.click('[data-testid="prompt-dialog"] button', 'Save');
    await expect.poll(() => tab.text('.row [role="status"]'), { timeout: 30_000 }).toContain('Firefox picks');
    await tab.route('#/collections');
    const badge = '[data-testid="collection-card"][data-kind="dynamic"] [data-testid="count-badge"]';
    await expect.poll(() => tab.text(badge), { timeout: 60_000 }).toBe(String(tagged));

    // Tag one more item on the timeline: the dynamic collection's count follows.
    await tab.route('#/timeline');
    // Another tile on screen (the grid is virtualized: far rows are not in the DOM).
    await tab.click(`[role="gridcell"]:not([data-key="${firstKey}"])`);
    await tab.fill('input[aria-label="Tag"]', 'firefox');
    await tab.click('button', 'Add tag');
    await expect.poll(() => tab.text('[data-testid="selection-note"]'), { timeout: 30_000 }).toContain('Tagged 1');
    await tab.route('#/collections');
    await expect.poll(() => tab.text(badge), { timeout: 60_000 }).toBe(String(tagged + 1));
  }, 240_000);

  it('plays every video for the owner in the lightbox, from each cloud (webRequest redirect, not a copy)', async () => {
    const tab = client.page;
    await tab.route('#/search');
    await tab.fill('[data-testid="query-bar"]', 'is:video');
    await expect.poll(() => number(tab, 'result-count'), { timeout: 60_000 }).toBe(6);
    const videos = await tab.evaluate(() =>
      Array.from(document.querySelectorAll('[role=gridcell]'))
        .filter((t) => t.querySelector('.thumb-badge'))
        .map((t) => Number(t.getAttribute('data-index'))),
    );
    expect(videos).toHaveLength(6);
    // Every video tile shows a frame: the providers' own thumbnails, or a poster made in the dashboard from the
    // redirected media (Blob), whose canvas a video loaded without CORS would taint in Firefox.
    const framed = () =>
      tab.evaluate(
        () =>
          Array.from(document.querySelectorAll('[role=gridcell]')).filter(
            (t) => t.querySelector('.thumb-badge') && t.querySelector('img[src^="blob:"]'),
          ).length,
      );
    await expect.poll(framed, { timeout: 120_000 }).toBe(6);
    for (const index of videos) {
      await tab.evaluate((i: number) => {
        document
          .querySelector(`[role=gridcell][data-index="${i}"]`)
          ?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      }, index);
      await tab.waitFor('[data-testid="lightbox-video"]');
      const played = await tab.evaluate(playInPage, '[data-testid="lightbox-video"]');
      expect(played.src.startsWith('https://media.hypomos.invalid/media/')).toBe(true);
      expect(played.width).toBeGreaterThan(0);
      expect(played.time).toBeGreaterThan(0);
      await tab.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      await expect.poll(() => tab.count('[data-testid="lightbox-video"]')).toBe(0);
    }
  }, 240_000);
});

interface FirefoxGlobal {
  browser: { identity: { getRedirectURL(): string } };
}
