// Indexing in the extension: items/s scanned by the built extension in Chromium from the Graph contract
// server (listing, Range reads + EXIF, thumbnail + blurhash, Dexie writes), against the same pipeline
// downloading each file whole; bytes read per item as the extension counted them.
// Corpus: real camera photos from ../shared/corpora (read, never copied into the repository).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startGraphServer } from '../dev-services/src/graph/server';
import { loadSeedFiles } from '../dev-services/src/seed/index';
import { CHROME_EXTENSION_DIR, launchChromium } from '../e2e/harness/chromium';
import { ExtensionClient } from '../e2e/sources-support';
import { type Figure, figure, quantile } from './figure';

const corpora = resolve(import.meta.dirname, '../../shared/corpora');
const SETS = ['metadata-extractor-images/jpg', 'immich-test-assets/albums'];

interface Run {
  itemsPerS: number;
  bytes: number[];
  items: number;
}

/** One source scanned to the end; the rate comes from the extension's own start and finish times. */
async function scan(client: ExtensionClient, graphUrl: string, readMode: 'range' | 'whole'): Promise<Run> {
  const config: Record<string, string> = { baseUrl: graphUrl, ...(readMode === 'whole' ? { readMode } : {}) };
  const { id } = await client.send<{ id: string }>({
    type: 'sources.connect',
    kind: 'onedrive',
    name: `Bench ${readMode}`,
    config,
  });
  const [status] = await client.waitIdle([id], 600_000);
  const state = await client.page.evaluate(async (sourceId) => {
    const db: IDBDatabase = await new Promise((ok, ko) => {
      const open = indexedDB.open('hypomos');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    const row: { startedAt: number; finishedAt: number } = await new Promise((ok, ko) => {
      const req = db.transaction('syncState').objectStore('syncState').get(sourceId);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    db.close();
    return row;
  }, id);
  const items = await client.rawItems(id);
  if (!status || status.failed > 0) throw new Error(`bench scan ${readMode}: ${JSON.stringify(status)}`);
  return {
    itemsPerS: items.length / ((state.finishedAt - state.startedAt) / 1000),
    bytes: items.map((i) => i.bytesRead as number),
    items: items.length,
  };
}

export async function run(): Promise<Figure[]> {
  if (!existsSync(resolve(CHROME_EXTENSION_DIR, 'manifest.json')))
    throw new Error(`build the extension first (${CHROME_EXTENSION_DIR})`);
  const files = (await Promise.all(SETS.map((set, i) => loadSeedFiles(resolve(corpora, set), `Set ${i}`)))).flat();
  const graph = await startGraphServer({ files });
  const browser = await launchChromium();
  try {
    const client = await ExtensionClient.open(browser);
    // Whole-file first, so any warm-up (worker start, geocoder load) counts against the baseline, not us.
    const whole = await scan(client, graph.url, 'whole');
    const ranged = await scan(client, graph.url, 'range');
    const note = `${ranged.items} photos (${SETS.join(', ')}), Graph contract server on loopback, Chromium headless`;
    return [
      figure(
        'index.items_per_s',
        ranged.itemsPerS,
        'items/s',
        whole.itemsPerS,
        '> baseline (each file downloaded whole)',
        note,
      ),
      figure(
        'scan.bytes_read_per_item.median',
        quantile(ranged.bytes, 0.5),
        'bytes',
        quantile(whole.bytes, 0.5),
        '≤ 65536',
        'measured in the extension; baseline = whole file',
      ),
      figure(
        'scan.bytes_read_per_item.p90',
        quantile(ranged.bytes, 0.9),
        'bytes',
        quantile(whole.bytes, 0.9),
        null,
        'measured in the extension; baseline = whole file',
      ),
    ];
  } finally {
    await browser.close();
    await graph.close();
  }
}
