import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, startAzurite } from '../dev-services/src/azurite';
import { type ExtensionBrowser, killServiceWorker, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';

// Real camera photos (drewnoakes/metadata-extractor-images, "free to use however you wish"), read from
// the shared corpora and uploaded to azurite: enough files that the scan is still running when stopped.
const corpus = resolve(import.meta.dirname, '../../shared/corpora/metadata-extractor-images/jpg');

type BadgeGlobal = { chrome: { action: { getBadgeText(details: object): Promise<string> } } };

/** Everything of an index row that a scan determines (not which source it belongs to, nor when it was added). */
const comparable = (row: Record<string, unknown>) => {
  const { key: _key, sourceId: _sourceId, addedAt: _addedAt, ...rest } = row;
  return rest;
};

describe('sources: a service worker stopped mid-scan resumes with nothing lost or duplicated', () => {
  let azurite: Azurite;
  let container: AzuriteContainer;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let names: string[] = [];
  let sasUrl = '';

  beforeAll(async () => {
    azurite = await startAzurite();
    container = await azurite.createContainer('camera-roll');
    names = (await readdir(corpus)).filter((n) => n.toLowerCase().endsWith('.jpg')).sort();
    for (const name of names)
      await container.upload(`Cameras/${name}`, await readFile(join(corpus, name)), 'image/jpeg');
    sasUrl = `${container.url}?${await container.sas('rl', new Date(Date.now() + 24 * 3600_000))}`;
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await azurite?.close();
  });

  it('stopped while reading, woken by the dashboard, ends with the index of an uninterrupted scan', async () => {
    const { ids } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', blobSasUrl: sasUrl });
    const interrupted = ids[0]!;

    // Stop the worker once some items are indexed and many are still queued.
    let atKill: { indexed: number; pending: number } | null = null;
    for (let i = 0; i < 600 && !atKill; i++) {
      const s = (await client.statuses()).find((x) => x.id === interrupted);
      if (s && s.indexed >= 5 && s.pending >= 20) atKill = s;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(atKill, 'the scan never reached the middle').not.toBeNull();
    const worker = await browser.serviceWorker();
    // The toolbar badge counts what is still queued while the scan runs.
    expect(await worker.evaluate(() => (globalThis as unknown as BadgeGlobal).chrome.action.getBadgeText({}))).toMatch(
      /^(\d+(\.\d)?k?|…)$/,
    );
    await worker.evaluate(() => {
      (globalThis as { stoppedHere?: boolean }).stoppedHere = true;
    });
    await killServiceWorker(browser);
    // Still queued when it stopped: the rest is the new worker's doing.
    expect(await client.tableCount('pending', interrupted)).toBeGreaterThan(0);
    // Any message wakes a new worker, which resumes the scan from IndexedDB on its own.
    const done = (await client.waitIdle([interrupted]))[0]!;
    const fresh = await browser.serviceWorker();
    expect(await fresh.evaluate(() => (globalThis as { stoppedHere?: boolean }).stoppedHere)).toBeUndefined();
    expect(done).toMatchObject({ items: names.length, pending: 0, failed: 0 });
    await expect
      .poll(() => fresh.evaluate(() => (globalThis as unknown as BadgeGlobal).chrome.action.getBadgeText({})))
      .toBe('');

    // The same container scanned without interruption, as a second source.
    const { id: clean } = await client.send<{ id: string }>({
      type: 'sources.add',
      kind: 'azblob',
      name: 'Uninterrupted',
      config: { containerUrl: container.url, sasUrl },
    });
    await client.waitIdle([clean]);

    const a = (await client.rawItems(interrupted))
      .map(comparable)
      .sort((x, y) => String(x.providerItemId).localeCompare(String(y.providerItemId)));
    const b = (await client.rawItems(clean))
      .map(comparable)
      .sort((x, y) => String(x.providerItemId).localeCompare(String(y.providerItemId)));
    expect(a).toHaveLength(done.items);
    expect(new Set(a.map((r) => r.providerItemId)).size).toBe(names.length);
    expect(a).toEqual(b);
  });
});
