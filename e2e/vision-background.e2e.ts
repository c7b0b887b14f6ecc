import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexItem } from '../shared/src/filter/item-factory';
import {
  type ExtensionGlobal,
  launchSnapshot,
  liveWorker,
  readVision,
  type SeedPhoto,
  type SnapshotBrowser,
  seedConsentedSource,
  type VisionSnapshot,
} from './vision-background-support';
import { killServiceWorker } from './harness/chromium';
import { corpora, mimeOf, serveFolder } from './vision-support';

/**
 * The vision queue drains with no dashboard open: the service worker opens its offscreen runner document, which runs
 * the real worker pool and models on real photos (face-api.js set: group photos of a cast and face crops; internal
 * testing only, read from ../shared/corpora), writes faces, labels and people into IndexedDB, and closes when done.
 * Mid-run the runner document is torn down (as a crash would), and later the service worker is stopped; the run completes with
 * every item analysed once into its faces (no item lost, no duplicate faces).
 */
const root = `${corpora}/faces-face-api-js`;
const GROUPS = ['bbt1.jpg', 'bbt2.jpg', 'bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'];
const CROPS = [
  'amy/amy1.png',
  'amy/amy2.png',
  'amy/amy3.png',
  'sheldon/sheldon1.png',
  'sheldon/sheldon2.png',
  'sheldon/sheldon3.png',
  'penny/penny1.png',
  'penny/penny2.png',
];

function photos(sourceId: string, paths: string[], base: string): SeedPhoto[] {
  return paths.map((path) => ({
    url: `${base}/${path}`,
    item: makeIndexItem({
      sourceId,
      providerItemId: path,
      name: path.split('/').pop() as string,
      folder: path.includes('/') ? path.split('/')[0] : '',
      mediaType: 'image',
      mimeType: mimeOf(path) ?? null,
    }),
  }));
}

const count = (s: VisionSnapshot, state: string) => s.queue.filter((q) => q.state === state).length;

describe('vision: the background runs the queue with no page open (Chromium, offscreen document)', () => {
  let browser: SnapshotBrowser;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  const extensionPages = () =>
    browser.context.pages().filter((p) => p.url().startsWith(`chrome-extension://${browser.extensionId}/`));

  beforeAll(async () => {
    server = await serveFolder(root);
    browser = await launchSnapshot();
  });
  afterAll(async () => {
    await browser?.dispose();
    await server?.close();
  });

  it('drains consented photos in an offscreen document, through a service-worker stop and a runner crash', async () => {
    const seeded = photos('family', [...GROUPS, ...CROPS], server.url);
    await seedConsentedSource(await liveWorker(browser), { id: 'family', name: 'Family photos' }, seeded);
    expect(extensionPages()).toEqual([]);
    // The background re-checks on its alarm (and at start-up, on kicks and after scans); fire it now rather than in a minute.
    await (await liveWorker(browser)).evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.alarms.create('hypomos-vision', {
        when: Date.now() + 100,
        periodInMinutes: 1,
      }),
    );

    const state = async () => readVision(await liveWorker(browser));
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 30_000, interval: 250 }).toBe(1);
    // Mid-run: some items analysed, others still waiting or in the workers.
    await expect
      .poll(async () => count(await state(), 'done'), { timeout: 180_000, interval: 250 })
      .toBeGreaterThanOrEqual(2);
    const beforeCrash = await state();
    expect(beforeCrash.lockHeld).toBe(true);
    expect(count(beforeCrash, 'queued') + count(beforeCrash, 'running')).toBeGreaterThan(0);
    // Tear the runner document down mid-run, as a crash would: items it claimed stay `running`, its lock goes.
    await (await liveWorker(browser)).evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.offscreen.closeDocument(),
    );
    expect((await state()).offscreenDocuments).toBe(0);

    // The alarm finds the work (and the orphaned items, lock free) and opens a new runner, which puts them back in line.
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 90_000, interval: 500 }).toBe(1);
    const doneAfterCrash = count(await state(), 'done');
    await expect
      .poll(async () => count(await state(), 'done'), { timeout: 180_000, interval: 250 })
      .toBeGreaterThan(doneAfterCrash);
    const beforeStop = await state();
    expect(count(beforeStop, 'queued') + count(beforeStop, 'running')).toBeGreaterThan(0);
    // Now stop the service worker: the runner document outlives it and finishes; its report wakes a new worker.
    await killServiceWorker(browser);

    await expect
      .poll(async () => count(await state(), 'done'), { timeout: 240_000, interval: 1000 })
      .toBe(seeded.length);
    // Done: the runner reported back and the background closed it, so the models no longer hold memory.
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 30_000, interval: 250 }).toBe(0);
    expect(extensionPages()).toEqual([]);

    const end = await state();
    expect(end.queue.filter((q) => q.state !== 'done')).toEqual([]);
    const keys = seeded.map((p) => p.item.key as string).sort();
    expect(end.features.map((f) => f.key).sort()).toEqual(keys);
    for (const key of keys) {
      // One analysis per item: its faces are exactly #0..n-1 of the analysis stored beside them, never two runs' worth.
      const faces = end.faces
        .filter((f) => f.itemKey === key)
        .map((f) => f.id)
        .sort();
      const n = end.features.find((f) => f.key === key)?.faceCount ?? -1;
      expect(faces, key).toEqual(Array.from({ length: n }, (_, i) => `${key}#${i}`).sort());
    }
    const facesOf = (path: string) => end.faces.filter((f) => f.itemKey === `family:${path}`);
    for (const crop of CROPS) expect(facesOf(crop).length, crop).toBeGreaterThanOrEqual(1);
    for (const group of GROUPS) expect(facesOf(group).length, group).toBeGreaterThanOrEqual(2);
    // Clustering ran: every face belongs to a person, and the person ids reached items.people.
    expect(end.faces.filter((f) => f.personId === null)).toEqual([]);
    const itemOf = (path: string) => end.items.find((i) => i.key === `family:${path}`);
    for (const crop of CROPS) expect(itemOf(crop)?.people.length, crop).toBeGreaterThanOrEqual(1);
    // The three crops of each person share a person.
    const amy = new Set(CROPS.slice(0, 3).map((c) => facesOf(c)[0]?.personId));
    expect(amy.size).toBe(1);
    // COCO labels from the same run: the group photos show people.
    expect(GROUPS.filter((g) => itemOf(g)?.labels.includes('person')).length).toBeGreaterThan(0);
  }, 600_000);

  it('pause, resume and opting out in the dashboard reach the background runner', async () => {
    const more = photos(
      'more',
      [
        'bbt1.jpg',
        'bbt2.jpg',
        'leonard/leonard1.png',
        'leonard/leonard2.png',
        'leonard/leonard3.png',
        'leonard/leonard4.png',
        'raj/raj1.png',
        'raj/raj2.png',
        'raj/raj3.png',
        'raj/raj4.png',
      ],
      server.url,
    );
    const other = photos('other', ['howard/howard1.png', 'howard/howard2.png', 'bbt3.jpg', 'bbt4.jpg'], server.url);
    await seedConsentedSource(await liveWorker(browser), { id: 'more', name: 'More photos' }, more);
    await (await liveWorker(browser)).evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.alarms.create('hypomos-vision', {
        when: Date.now() + 100,
        periodInMinutes: 1,
      }),
    );
    const state = async () => readVision(await liveWorker(browser));
    const of = (s: VisionSnapshot, sourceId: string, st: string) =>
      s.queue.filter((q) => q.key.startsWith(`${sourceId}:`) && q.state === st).length;
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 90_000, interval: 250 }).toBe(1);

    // Pause from the dashboard: the runner stops after its batch and the background closes it, work left queued.
    const dashboard = await browser.openPage('dashboard.html#/people');
    await dashboard.getByTestId('vision-pause').click();
    await expect.poll(() => dashboard.getByTestId('vision-progress').textContent()).toContain('paused');
    // The dashboard does not drain the queue itself: the background answered its kick.
    expect(await dashboard.getByTestId('vision-runs-in-page').count()).toBe(0);
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 120_000, interval: 250 }).toBe(0);
    const paused = await state();
    expect(of(paused, 'more', 'queued')).toBeGreaterThan(0);
    expect(of(paused, 'more', 'running')).toBe(0);
    expect(paused.lockHeld).toBe(false);

    // Resume: the dashboard's kick opens the runner again; closing the dashboard does not stop it.
    await dashboard.getByTestId('vision-pause').click();
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 30_000, interval: 250 }).toBe(1);
    await dashboard.close();
    expect(extensionPages()).toEqual([]);
    await expect
      .poll(async () => of(await state(), 'more', 'done'), { timeout: 240_000, interval: 1000 })
      .toBe(more.length);
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 30_000, interval: 250 }).toBe(0);

    // Opting a source out mid-run (dashboard checkbox): its queue rows and results go, and an item still in the
    // workers at that moment is not written back afterwards (runner.ts checks consent inside the write).
    await seedConsentedSource(await liveWorker(browser), { id: 'other', name: 'Other photos' }, other);
    const page = await browser.openPage('dashboard.html#/people');
    // The dashboard shows the seeded consent on its checkbox; the alarm starts the runner.
    await expect.poll(() => page.getByTestId('vision-optin-other').isChecked()).toBe(true);
    await (await liveWorker(browser)).evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.alarms.create('hypomos-vision', {
        when: Date.now() + 100,
        periodInMinutes: 1,
      }),
    );
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 90_000, interval: 250 }).toBe(1);
    await expect
      .poll(async () => of(await state(), 'other', 'running') + of(await state(), 'other', 'done'), {
        timeout: 120_000,
        interval: 250,
      })
      .toBeGreaterThan(0);
    // A controlled checkbox: it turns off once optOut's transaction lands in Dexie, so click and wait for that.
    await page.getByTestId('vision-optin-other').click();
    await expect.poll(() => page.getByTestId('vision-optin-other').isChecked(), { timeout: 30_000 }).toBe(false);
    await expect.poll(async () => (await state()).offscreenDocuments, { timeout: 120_000, interval: 250 }).toBe(0);
    const end = await state();
    expect(end.queue.filter((q) => q.key.startsWith('other:'))).toEqual([]);
    expect(end.faces.filter((f) => f.itemKey.startsWith('other:'))).toEqual([]);
    expect(end.features.filter((f) => f.key.startsWith('other:'))).toEqual([]);
    // The other sources keep what was computed for them.
    expect(end.features.filter((f) => f.key.startsWith('more:')).length).toBe(more.length);
    await page.close();
  }, 600_000);
});
