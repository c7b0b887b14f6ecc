import type { Page } from 'playwright-core';
import type { MediaStore } from '../dev-services/src/contract/media-store';
import type { ExtensionBrowser } from './harness/chromium';

/** Media files as the index should hold them: provider id, name, folder. */
export interface Entry {
  id: string;
  name: string;
  folder: string;
}

const MEDIA = /\.(jpe?g|png|gif|webp|avif|heic|heif|mp4|mov)$/i;

/** What a contract server's store holds now: the listing the index must match after a sync. */
export function storeListing(store: MediaStore): Entry[] {
  return store
    .live()
    .filter((n) => !n.folder && MEDIA.test(n.name))
    .map((n) => ({ id: n.id, name: n.name, folder: store.folderPath(n) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface SourceStatus {
  id: string;
  kind: string;
  name: string;
  phase: string;
  running: boolean;
  items: number;
  pending: number;
  failed: number;
  seen: number;
  indexed: number;
  bytesRead: number;
  lastError: string | null;
}

/** The one extension API the page-side code here uses (the e2e project has no chrome typings). */
type ChromeGlobal = { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** What the client needs of a page: Playwright's Page (Chromium) and the Firefox harness's FirefoxTab both have it. */
export interface Evaluator {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** Talks to the built extension through one of its own pages, as the dashboard does. */
export class ExtensionClient<P extends Evaluator = Page> {
  constructor(public page: P) {}

  static async open(browser: ExtensionBrowser): Promise<ExtensionClient> {
    return new ExtensionClient(await browser.openPage('dashboard.html#/sources'));
  }

  /** runtime.sendMessage from the dashboard page; throws the background's error message. */
  async send<T>(message: Record<string, unknown>): Promise<T> {
    // Firefox pages have `browser`; Chromium's have `chrome` (both return promises).
    const reply = (await this.page.evaluate(
      (m: Record<string, unknown>) =>
        (
          (globalThis as unknown as { browser?: ChromeGlobal['chrome'] }).browser ??
          (globalThis as unknown as ChromeGlobal).chrome
        ).runtime.sendMessage(m),
      message,
    )) as Reply | undefined;
    if (!reply) throw new Error(`no answer to ${String(message.type)}`);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value as T;
  }

  async statuses(): Promise<SourceStatus[]> {
    return (await this.send<{ sources: SourceStatus[] }>({ type: 'sources.status' })).sources;
  }

  /** Waits until these sources are done: not running, nothing listed or queued. Fails on a sync error. */
  async waitIdle(ids: string[], timeoutMs = 90_000): Promise<SourceStatus[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.statuses();
      const mine = all.filter((s) => ids.includes(s.id));
      const failed = mine.find((s) => s.lastError && !s.running);
      if (failed) throw new Error(`sync of ${failed.name} failed: ${failed.lastError}`);
      if (mine.length === ids.length && mine.every((s) => !s.running && s.phase === 'idle' && s.pending === 0))
        return mine;
      if (Date.now() > deadline) throw new Error(`sources not idle in time: ${JSON.stringify(mine)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Every index row of one source, read straight from IndexedDB (raw IDB, no extension code involved). */
  async rawItems(sourceId: string): Promise<Record<string, unknown>[]> {
    return this.page.evaluate(async (id: string) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('hypomos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all: Record<string, unknown>[] = await new Promise((resolve, reject) => {
        const req = db.transaction('items').objectStore('items').index('sourceId').getAll(id);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return all;
    }, sourceId);
  }

  /** The index of one source in comparable form. */
  async indexOf(sourceId: string): Promise<
    (Entry & {
      key: string;
      etag: string | null;
      bytesRead: number;
      blurhash: string | null;
      width: number | null;
      takenAtUtc: string | null;
      make: string | null;
      placeName: string | null;
    })[]
  > {
    const rows = await this.rawItems(sourceId);
    return rows
      .map((r) => ({
        key: r.key as string,
        id: r.providerItemId as string,
        name: r.name as string,
        folder: r.folder as string,
        etag: r.etag as string | null,
        bytesRead: r.bytesRead as number,
        blurhash: r.blurhash as string | null,
        width: r.width as number | null,
        takenAtUtc: r.takenAtUtc as string | null,
        make: r.make as string | null,
        placeName: r.placeName as string | null,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async tableCount(table: string, sourceId: string): Promise<number> {
    return this.page.evaluate(
      async ([t, id]: string[]) => {
        const db: IDBDatabase = await new Promise((resolve, reject) => {
          const open = indexedDB.open('hypomos');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const n: number = await new Promise((resolve, reject) => {
          const req = db.transaction(t!).objectStore(t!).index('sourceId').count(id!);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        db.close();
        return n;
      },
      [table, sourceId],
    );
  }
}

/** The index entries in the shape of a listing, to compare with `storeListing`. */
export const asListing = (rows: Entry[]): Entry[] => rows.map(({ id, name, folder }) => ({ id, name, folder }));
