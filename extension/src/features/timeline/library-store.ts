import type { ItemKey } from '@hypomos/shared/index/item';
import { liveQuery } from 'dexie';
import { useSyncExternalStore } from 'react';
import type { HypomosDb } from '../../db';
import { type CatalogItem, loadCatalog, loadNewest, newestFirst, toCatalogItem } from './catalog';

export interface LibraryState {
  /** Newest first. While loading, the newest screenful only. */
  items: CatalogItem[];
  byKey: Map<string, CatalogItem>;
  total: number | null;
  loading: { loaded: number; total: number } | null;
  /** Bumped on every change, so memoized views recompute. */
  version: number;
}

/**
 * The in-memory catalog of the whole index, shared by every page. It paints the newest items first,
 * loads the rest in chunks, and reloads when another part of the extension changes the item count.
 */
export class LibraryStore {
  private state: LibraryState = { items: [], byKey: new Map(), total: null, loading: null, version: 0 };
  private listeners = new Set<() => void>();
  private loadRun = 0;

  constructor(
    readonly db: HypomosDb,
    /** Resolves once the current frame is painted: the full load waits so the first screen shows first. */
    private readonly afterPaint: () => Promise<void> = () =>
      new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))),
  ) {}

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  get = () => this.state;

  private set(next: Partial<LibraryState>) {
    this.state = { ...this.state, ...next, version: this.state.version + 1 };
    for (const fn of this.listeners) fn();
  }

  private setItems(items: CatalogItem[], extra: Partial<LibraryState> = {}) {
    this.set({ items, byKey: new Map(items.map((i) => [i.key, i])), ...extra });
  }

  async load(): Promise<void> {
    const run = ++this.loadRun;
    const total = await this.db.items.count();
    if (total === 0) {
      this.setItems([], { total: 0, loading: null });
      return;
    }
    if (this.state.items.length === 0) {
      const first = await loadNewest(this.db, 400);
      if (run !== this.loadRun) return;
      this.setItems(first, { total, loading: { loaded: first.length, total } });
      await this.afterPaint();
    }
    const all = await loadCatalog(this.db, (loaded, t) => {
      if (run === this.loadRun) this.set({ loading: { loaded, total: t } });
    });
    if (run !== this.loadRun) return;
    this.setItems(all, { total: all.length, loading: null });
  }

  /** Reloads whenever the number of items changes (a scan added or removed some). */
  watch(): () => void {
    let lastCount: number | null = null;
    const sub = liveQuery(() => this.db.items.count()).subscribe({
      next: (count) => {
        if (lastCount !== null && count !== lastCount) void this.load();
        lastCount = count;
      },
    });
    return () => sub.unsubscribe();
  }

  /** Re-reads some items after an edit (tags, likes) so in-memory filters see it at once. */
  async refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const rows = await this.db.items.bulkGet(keys as ItemKey[]);
    const fresh = new Map<string, CatalogItem>();
    for (const r of rows) if (r) fresh.set(r.key, toCatalogItem(r));
    const items = this.state.items.map((i) => fresh.get(i.key) ?? i);
    this.setItems(items);
  }

  /** Applies a local edit (like, rating) without a reload. */
  patch(key: string, change: Partial<CatalogItem>) {
    const old = this.state.byKey.get(key);
    if (!old) return;
    const next = { ...old, ...change };
    const items = this.state.items.map((i) => (i.key === key ? next : i));
    if (change.takenAt !== undefined) items.sort(newestFirst);
    this.setItems(items);
  }
}

export function useLibrary(store: LibraryStore): LibraryState {
  return useSyncExternalStore(store.subscribe, store.get);
}
