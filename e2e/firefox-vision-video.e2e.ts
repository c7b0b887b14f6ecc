import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { ExtensionClient } from './sources-support';
import { corpora } from './vision-support';

/**
 * Vision on a video in Firefox (firefox-esr, the MV2 build): the runner is a frame in the background page, and its
 * `<video>` loads the item's media path, which the background redirects to the demo OneDrive's content URL
 * (sources/media-redirect.ts). The frames drawn from that cross-origin video must still be readable, or the item
 * fails. One real corpus video, geese on a pond (`Issue 515 (java).mp4`, H.264), must get the label `bird`.
 */
describe('Firefox: vision on a video through the background redirect', () => {
  let dir: string;
  let demo: DemoSources;
  let ff: FirefoxSession;
  let client: ExtensionClient<FirefoxTab>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypomos-ff-videos-'));
    await mkdir(join(dir, 'Videos'));
    await copyFile(
      join(corpora, 'metadata-extractor-images/mp4/Issue 515 (java).mp4'),
      join(dir, 'Videos/Issue 515 (java).mp4'),
    );
    demo = await startDemoSources({ dir });
    ff = await launchFirefox();
    client = new ExtensionClient(await ff.openExtensionPage('dashboard.html#/people'));
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
    await demo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('labels the geese video', async () => {
    const { ids } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const statuses = await client.waitIdle(ids, 240_000);
    const od = (statuses.find((s) => s.kind === 'onedrive') as { id: string }).id;
    const key = (await client.rawItems(od)).find((r) => r.mediaType === 'video')?.key as string;
    expect(key).toBeTruthy();
    await client.page.reload();
    await client.page.click(`[data-testid="vision-optin-${od}"]`);
    await client.page.click('[data-testid="vision-consent-accept"]');
    const row = () =>
      client.page.evaluate(async (k: string) => {
        const db = await new Promise<IDBDatabase>((ok, ko) => {
          const req = indexedDB.open('hypomos');
          req.onsuccess = () => ok(req.result);
          req.onerror = () => ko(req.error);
        });
        const get = <T>(store: string) =>
          new Promise<T | undefined>((ok, ko) => {
            const req = db.transaction(store).objectStore(store).get(k);
            req.onsuccess = () => ok(req.result as T | undefined);
            req.onerror = () => ko(req.error);
          });
        const queue = await get<{ state: string; error: string | null; attempts: number }>('visionQueue');
        const item = await get<{ labels: string[] }>('items');
        db.close();
        return { state: queue?.state ?? null, error: queue?.error ?? null, labels: item?.labels ?? [] };
      }, key);
    await expect.poll(async () => (await row()).state, { timeout: 400_000, interval: 2000 }).toMatch(/done|failed/);
    const result = await row();
    expect(result.error).toBeNull();
    expect(result.state).toBe('done');
    expect(result.labels).toContain('bird');
  }, 600_000);
});
