import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import type { IndexItem } from '../shared/src/index/item';
import { CHROME_EXTENSION_DIR, type ExtensionBrowser, launchChromium } from './harness/chromium';

/**
 * Helpers for the background vision e2e test: a Chromium with a snapshot of the built extension, and the user's
 * database read and seeded from inside the service worker with plain IndexedDB and Cache Storage (no extension page
 * open, so nothing else could be draining the queue).
 */

/** The parts of the extension APIs the worker-side helpers call (node's typecheck has no chrome types). */
export interface ExtensionGlobal {
  chrome: {
    runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
    alarms: { create(name: string, info: { when?: number; periodInMinutes?: number }): Promise<void> };
    offscreen: { closeDocument(): Promise<void> };
  };
}

export interface SnapshotBrowser extends ExtensionBrowser {
  dispose: () => Promise<void>;
}

/** A copy of the build (a concurrent build may rewrite it during a long run), launched in Chromium. */
export async function launchSnapshot(): Promise<SnapshotBrowser> {
  for (const needed of ['vision-runner.html', 'vision/human/faceres.bin']) {
    if (!(await stat(join(CHROME_EXTENSION_DIR, needed)).catch(() => null))) {
      throw new Error(
        `${needed} missing from ${CHROME_EXTENSION_DIR}: build the extension first (HYPOMOS_DEMO=1 wxt build)`,
      );
    }
  }
  const snapshot = await mkdtemp(join(tmpdir(), 'hypomos-ext-'));
  await cp(CHROME_EXTENSION_DIR, snapshot, { recursive: true });
  const browser = await launchChromium({ extensionDir: snapshot });
  return {
    ...browser,
    dispose: async () => {
      await browser.close();
      await rm(snapshot, { recursive: true, force: true });
    },
  };
}

/** The running service worker (a killed one is restarted by the next event; this waits for it). */
export async function liveWorker(browser: ExtensionBrowser): Promise<Worker> {
  for (;;) {
    const sw = await browser.serviceWorker();
    try {
      await sw.evaluate(() => 1);
      return sw;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface SeedPhoto {
  item: IndexItem;
  /** Loopback URL of the real corpus file, fetched by the service worker into the thumbnail cache. */
  url: string;
}

/**
 * What a finished scan of a consented source leaves behind: the source (vision switched on), its items, their large
 * thumbnails in the shared Cache Storage (the key scheme of features/sources/thumbnails.ts) and queue rows.
 */
export async function seedConsentedSource(
  sw: Worker,
  source: { id: string; name: string },
  photos: SeedPhoto[],
): Promise<void> {
  await sw.evaluate(seedInBrowser, [source, photos] as const);
}

/** The seeding itself, run inside an extension context (service worker or page) of either browser. */
export async function seedInBrowser([src, rows]: readonly [{ id: string; name: string }, SeedPhoto[]]): Promise<void> {
  const open = () =>
    new Promise<IDBDatabase>((ok, ko) => {
      const req = indexedDB.open('hypomos');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
  // The background opens the Dexie database at start-up; wait until its schema exists.
  let db = await open();
  while (!db.objectStoreNames.contains('visionQueue')) {
    db.close();
    await new Promise((r) => setTimeout(r, 100));
    db = await open();
  }
  const cache = await caches.open('hypomos-thumbnails-v1');
  const thumbs: { url: string; itemKey: string; bytes: number; lastUsedAt: number }[] = [];
  for (const { item, url } of rows) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`corpus file ${url}: ${res.status}`);
    const bytes = await res.arrayBuffer();
    const cacheUrl = `https://thumbnails.hypomos.invalid/large/${encodeURIComponent(item.key)}`;
    await cache.put(cacheUrl, new Response(bytes));
    thumbs.push({ url: cacheUrl, itemKey: item.key, bytes: bytes.byteLength, lastUsedAt: Date.now() });
  }
  const tx = db.transaction(['sources', 'items', 'thumbCache', 'visionQueue'], 'readwrite');
  tx.objectStore('sources').put({
    ...src,
    kind: 'local',
    config: {},
    createdAt: Date.now(),
    visionOptIn: true,
    autoTagFolders: false,
    ignoredFolderNames: [],
  });
  for (const { item } of rows) {
    tx.objectStore('items').put(item);
    tx.objectStore('visionQueue').put({ key: item.key, state: 'queued', attempts: 0, error: null });
  }
  for (const t of thumbs) tx.objectStore('thumbCache').put(t);
  await new Promise<void>((ok, ko) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => ko(tx.error);
  });
  db.close();
}

export interface VisionSnapshot {
  queue: { key: string; state: string; attempts: number; error: string | null }[];
  faces: { id: string; itemKey: string; personId: string | null }[];
  features: { key: string; faceCount: number }[];
  items: { key: string; labels: string[]; people: string[] }[];
  offscreenDocuments: number;
  lockHeld: boolean;
}

/** The vision tables, the number of open offscreen documents and whether the vision lock is held, from the worker. */
export async function readVision(sw: Worker): Promise<VisionSnapshot> {
  return sw.evaluate(readInBrowser);
}

/** The reading itself, run inside an extension context of either browser (Firefox has no offscreen documents: -1). */
export async function readInBrowser(): Promise<VisionSnapshot> {
  const db = await new Promise<IDBDatabase>((ok, ko) => {
    const req = indexedDB.open('hypomos');
    req.onsuccess = () => ok(req.result);
    req.onerror = () => ko(req.error);
  });
  const all = <T>(store: string) =>
    new Promise<T[]>((ok, ko) => {
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => ok(req.result as T[]);
      req.onerror = () => ko(req.error);
    });
  const faces = await all<{ id: string; itemKey: string; personId: string | null }>('faces');
  const features = await all<{ key: string; faceCount: number }>('visionFeatures');
  const items = await all<{ key: string; labels: string[]; people: string[] }>('items');
  const queue = await all<{ key: string; state: string; attempts: number; error: string | null }>('visionQueue');
  db.close();
  // Firefox has runtime.getContexts but no offscreen documents (it rejects the context type): -1 there.
  const ext = (globalThis as unknown as Partial<ExtensionGlobal>).chrome;
  const contexts = ext?.offscreen ? await ext.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] }) : null;
  const locks = await navigator.locks.query();
  return {
    queue,
    faces: faces.map((f) => ({ id: f.id, itemKey: f.itemKey, personId: f.personId })),
    features: features.map((f) => ({ key: f.key, faceCount: f.faceCount })),
    items: items.map((i) => ({ key: i.key, labels: i.labels, people: i.people })),
    offscreenDocuments: contexts ? contexts.length : -1,
    lockHeld: (locks.held ?? []).some((l) => l.name === 'hypomos-vision:hypomos'),
  };
}
