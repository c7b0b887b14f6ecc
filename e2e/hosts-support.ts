import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import type { Evaluator } from './sources-support';

const FIXTURES = join(import.meta.dirname, '../extension/src/features/hosts/fixtures');
export const fixtureHtml = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/**
 * Serves the saved host pages on their real URLs (the browser maps the host names to this server).
 * `?fixture=changed` serves the page whose markup no longer matches our selectors. `ids` rewrites the
 * saved pages' item ids to the ids a contract server gave the same files.
 */
export function hostPages(ids: Record<string, string> = {}) {
  const pick = (host: string, url: URL): string | null => {
    const changed = url.searchParams.get('fixture') === 'changed';
    if (host === 'drive.google.com') {
      if (changed) return 'drive-changed-markup.html';
      if (/^\/drive(\/u\/\d+)?\/my-drive/.test(url.pathname)) return 'drive-my-drive.html';
      if (/^\/drive(\/u\/\d+)?\/folders\//.test(url.pathname)) return 'drive-folder.html';
    }
    if (host === 'onedrive.live.com') return changed ? 'onedrive-changed-markup.html' : 'onedrive-folder.html';
    if (host.endsWith('.sharepoint.com') && url.pathname.startsWith('/personal/'))
      return 'onedrive-sharepoint-tiles.html';
    return null;
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const name = pick(host, url);
    if (!name) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a fixture');
      return;
    }
    let html = fixtureHtml(name);
    for (const [from, to] of Object.entries(ids)) html = html.replaceAll(from, to);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  };
}

/** Every row of one store of the extension's `hypomos` database, read from one of its pages. */
export function readAll<T>(page: Evaluator, store: string): Promise<T[]> {
  return page.evaluate(async (store: string) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('hypomos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      return await new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** Writes rows into one store (the database must already exist: ask the background something first). */
export function putAll(page: Evaluator, store: string, rows: unknown[]): Promise<void> {
  return page.evaluate(
    async ({ store, rows }: { store: string; rows: unknown[] }) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('hypomos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const tx = db.transaction(store, 'readwrite');
        for (const row of rows) tx.objectStore(store).put(row);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { store, rows },
  );
}

/** The id of the tab showing `urlPrefix`, from the extension's service worker (or, in Firefox, one of its pages). */
export async function tabIdOf(sw: Worker | Evaluator, urlPrefix: string): Promise<number> {
  return (sw as Evaluator).evaluate(async (prefix: string) => {
    type Tabs = { tabs: { query: (q: object) => Promise<{ id?: number; url?: string }[]> } };
    // Firefox's promise-returning namespace is `browser`; Chrome's is `chrome`.
    const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
    const tabs = await (g.browser ?? g.chrome).tabs.query({});
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (!tab?.id) throw new Error(`no tab at ${prefix}`);
    return tab.id;
  }, urlPrefix);
}

/** A minimal index row as the scanner writes it (the fields Dexie indexes must be present). */
export function indexRow(
  sourceId: string,
  sourceKind: 'gdrive' | 'onedrive',
  providerItemId: string,
  name: string,
  folder = '',
) {
  const t = Date.UTC(2018, 6, 25, 14, 34, 23);
  return {
    key: `${sourceId}:${providerItemId}`,
    sourceId,
    sourceKind,
    providerItemId,
    name,
    folder,
    mediaType: 'image',
    mimeType: 'image/jpeg',
    bytes: 1000,
    sha256: null,
    takenAtLocal: '2018-07-25T16:34:23',
    takenAtUtc: '2018-07-25T14:34:23Z',
    timeZone: 'Europe/Berlin',
    timeSource: 'exif',
    lat: null,
    lon: null,
    alt: null,
    make: 'Canon',
    model: 'EOS 5D',
    lens: null,
    fNumber: null,
    exposureTime: null,
    iso: null,
    focalLength: null,
    orientation: 1,
    width: 4000,
    height: 3000,
    durationSec: null,
    place: null,
    burstId: null,
    error: null,
    etag: 'e1',
    contentHashes: {},
    takenAt: t,
    modifiedAt: t,
    addedAt: t,
    webUrl: null,
    blurhash: null,
    bytesRead: 0,
    tags: [],
    labels: [],
    people: [],
    liked: false,
    rating: 0,
    unwanted: false,
    hasGps: 0,
    ocrText: null,
    phash: null,
    placeName: null,
  };
}

export function sourceRow(id: string, kind: 'gdrive' | 'onedrive', name: string) {
  return {
    id,
    kind,
    name,
    config: {},
    createdAt: 1,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
}

/**
 * A PNG photo of a QR code holding `text`, as a guest would save it from an event poster: uqr (the
 * extension's QR encoder) draws the SVG, sharp rasterises it with a margin.
 */
export async function qrPng(text: string): Promise<Buffer> {
  const fromExtension = createRequire(join(import.meta.dirname, '../extension/package.json'));
  const { renderSVG } = (await import(fromExtension.resolve('uqr'))) as {
    renderSVG: (t: string, o?: object) => string;
  };
  const sharp = (await import('sharp')).default;
  return sharp(Buffer.from(renderSVG(text, { border: 4 })), { density: 300 })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
}
