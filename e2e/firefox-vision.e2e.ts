import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexItem } from '../shared/src/filter/item-factory';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { readInBrowser, type SeedPhoto, seedInBrowser, type VisionSnapshot } from './vision-background-support';
import { corpora, mimeOf, serveFolder } from './vision-support';

/**
 * Firefox has no offscreen documents: the MV2 background is a page, and the vision runner is a hidden frame in it
 * (features/vision/runner-document.ts). Real photos (face-api.js set, ../shared/corpora) are queued for a consented
 * source with no dashboard open; the background page's frame analyses them with the real models. Mid-run the
 * extension is reloaded (a new background page, as after an update or a browser restart): the new background finds
 * the interrupted items and finishes, every item analysed once.
 *
 * The MV2 background is a persistent page, not an event page: Firefox does not suspend it while the run goes on.
 *
 * The test watches through the extension's popup page opened in a tab: it does not run vision, and from it
 * `extension.getBackgroundPage()` shows whether the runner frame is open.
 */
const root = `${corpora}/faces-face-api-js`;
// Enough photos that the run is still going after the idle wait and at the restart, on a fast machine too.
const PATHS = [
  'bbt1.jpg',
  'bbt2.jpg',
  'bbt3.jpg',
  'bbt4.jpg',
  'bbt5.jpg',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`amy/amy${n}.png`, `sheldon/sheldon${n}.png`, `penny/penny${n}.png`]),
];

const count = (s: VisionSnapshot, state: string) => s.queue.filter((q) => q.state === state).length;

interface FirefoxGlobal {
  browser: {
    alarms: { create(name: string, info: { when: number; periodInMinutes: number }): Promise<void> };
    extension: { getBackgroundPage(): Window | null };
  };
}

describe('Firefox: vision runs in the background page with no dashboard open, across a background restart', () => {
  let ff: FirefoxSession;
  let server: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    server = await serveFolder(root);
    // Firefox suspends an idle event page (MV2 `persistent: false`) after this timeout; 30 s by default, 2 s here.
    ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 2000 } });
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  /** The popup page as an observer tab (reopened after a reload closed it). */
  let observer: FirefoxTab;
  const openObserver = async () => {
    observer = await ff.openExtensionPage('popup.html');
  };
  const state = () => observer.evaluate(readInBrowser);
  /** Runner frames in the background page (vision-runner.html iframes). */
  const runnerFrames = () =>
    observer.evaluate(
      () =>
        (globalThis as unknown as FirefoxGlobal).browser.extension
          .getBackgroundPage()
          ?.document.querySelectorAll('iframe[src$="vision-runner.html"]').length ?? -1,
    );
  /** When the current background page started (a new page after a restart has a later one). */
  const backgroundStarted = () =>
    observer.evaluate(
      () => (globalThis as unknown as FirefoxGlobal).browser.extension.getBackgroundPage()?.performance.timeOrigin ?? 0,
    );
  const fireAlarm = () =>
    observer.evaluate(() =>
      (globalThis as unknown as FirefoxGlobal).browser.alarms.create('hypomos-vision', {
        when: Date.now() + 100,
        periodInMinutes: 1,
      }),
    );
  const dashboards = async () => (await ff.tabUrls()).filter((u) => u.includes('/dashboard.html'));

  it('drains consented photos in the background frame, through an extension reload mid-run', async () => {
    const seeded: SeedPhoto[] = PATHS.map((path) => ({
      url: `${server.url}/${path}`,
      item: makeIndexItem({
        sourceId: 'family',
        providerItemId: path,
        name: path.split('/').pop() as string,
        folder: path.includes('/') ? path.split('/')[0] : '',
        mediaType: 'image',
        mimeType: mimeOf(path) ?? null,
      }),
    }));
    await openObserver();
    const firstBackground = await backgroundStarted();
    await observer.evaluate(seedInBrowser, [{ id: 'family', name: 'Family photos' }, seeded] as const);
    await fireAlarm();
    expect(await dashboards()).toEqual([]);

    await expect.poll(runnerFrames, { timeout: 60_000, interval: 500 }).toBe(1);
    // The background is a persistent page: with no extension page open to send it events (the popup polls it), an
    // event page would be suspended after the 2 s idle timeout, and the runner frame with it. It is still the same page.
    await observer.close();
    await new Promise((r) => setTimeout(r, 5_000));
    await openObserver();
    expect(await backgroundStarted()).toBe(firstBackground);
    expect(await runnerFrames()).toBe(1);
    await expect
      .poll(async () => count(await state(), 'done'), { timeout: 400_000, interval: 1000 })
      .toBeGreaterThanOrEqual(1);
    const mid = await state();
    expect(mid.lockHeld).toBe(true);
    expect(count(mid, 'queued') + count(mid, 'running')).toBeGreaterThan(0);
    expect(await dashboards()).toEqual([]);

    // A new background page: the old one and its runner frame are gone; items it had claimed stay `running`.
    await ff.restartExtension();
    await openObserver();
    expect(await backgroundStarted()).toBeGreaterThan(firstBackground);
    // At start-up the new background finds the interrupted work (lock free) and opens a runner frame again.
    await expect
      .poll(async () => count(await state(), 'done'), { timeout: 500_000, interval: 2000 })
      .toBe(seeded.length);
    // Done: the runner reported back and the background removed the frame.
    await expect.poll(runnerFrames, { timeout: 60_000, interval: 500 }).toBe(0);
    expect(await dashboards()).toEqual([]);

    const end = await state();
    expect(end.lockHeld).toBe(false);
    const keys = seeded.map((p) => p.item.key as string).sort();
    expect(end.features.map((f) => f.key).sort()).toEqual(keys);
    for (const key of keys) {
      // One analysis per item: its faces are exactly #0..n-1, never two runs' worth.
      const faces = end.faces
        .filter((f) => f.itemKey === key)
        .map((f) => f.id)
        .sort();
      const n = end.features.find((f) => f.key === key)?.faceCount ?? -1;
      expect(faces, key).toEqual(Array.from({ length: n }, (_, i) => `${key}#${i}`).sort());
    }
    const facesOf = (path: string) => end.faces.filter((f) => f.itemKey === `family:${path}`);
    for (const crop of PATHS.slice(2)) expect(facesOf(crop).length, crop).toBeGreaterThanOrEqual(1);
    for (const group of PATHS.slice(0, 2)) expect(facesOf(group).length, group).toBeGreaterThanOrEqual(2);
    expect(end.faces.filter((f) => f.personId === null)).toEqual([]);
  }, 900_000);
});
