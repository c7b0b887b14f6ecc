import { CatalogIndex } from '@hypomos/shared/filter/catalog-index';
import type { ItemKey } from '@hypomos/shared/index/item';
import Dexie, { type IntervalTree, type ObservabilitySet, RangeSet, cmp } from 'dexie';
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

/** The primary keys a Dexie change names one by one, or null when it names a whole range (a bulk write). */
export function changedKeys(tree: IntervalTree): string[] | null {
  const keys: string[] = [];
  for (const node of RangeSet(tree) as Iterable<{ from: unknown; to: unknown }>) {
    if (cmp(node.from, node.to) !== 0 || typeof node.from !== 'string') return null;
    keys.push(node.from);
  }
  return keys;
}

/**
 * The in-memory catalog of the whole index, shared by every page. It paints the newest items first,
 * loads the rest in chunks, and follows every later change to the items table, whoever makes it.
 */
export class LibraryStore {
  private state: LibraryState = { items: [], byKey: new Map(), total: null, loading: null, version: 0 };
  private listeners = new Set<() => void>();
  private loadRun = 0;
  /** Keys changed while a full load was running: re-read once it ends, so no edit is lost to the race. */
  private changedDuringLoad = new Set<string>();
  private index: CatalogIndex<CatalogItem> | null = null;

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
    const missed = [...this.changedDuringLoad];
    this.changedDuringLoad.clear();
    await this.refresh(missed);
  }

  /**
   * Follows every committed change to the items table: from the background (scans, sharing, vision), other
   * pages or this one. Dexie announces each change across contexts with the keys it touched; single edits
   * are re-read by key, bulk writes (which Dexie reports as a whole range) reload the catalog.
   */
  watch(): () => void {
    const part = `idb://${this.db.name}/items/`;
    const keys = new Set<string>();
    let reload = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      if (reload) {
        reload = false;
        keys.clear();
        void this.load();
      } else {
        const batch = [...keys];
        keys.clear();
        void this.refresh(batch);
      }
    };
    const onMutated = (parts: ObservabilitySet) => {
      const tree = parts[part];
      if (tree === undefined) return;
      const named = changedKeys(tree);
      if (named === null) reload = true;
      else for (const k of named) keys.add(k);
      // Coalesce bursts: a scan commits page after page, a vision run item after item.
      timer ??= setTimeout(flush, reload ? 1_000 : 150);
    };
    Dexie.on('storagemutated', onMutated);
    return () => {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      if (timer !== null) clearTimeout(timer);
    };
  }

  /** Re-reads items by key (edited, added or deleted) so every page and filter sees the change at once. */
  async refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if (this.state.loading !== null) {
      for (const k of keys) this.changedDuringLoad.add(k);
      return;
    }
    const rows = await this.db.items.bulkGet(keys as ItemKey[]);
    const fresh = new Map<string, CatalogItem>();
    const gone = new Set<string>();
    rows.forEach((r, n) => {
      if (r) fresh.set(r.key, toCatalogItem(r));
      else gone.add(keys[n]!);
    });
    const old = this.state.items;
    const inPlace =
      gone.size === 0 && [...fresh.values()].every((i) => this.state.byKey.get(i.key)?.takenAt === i.takenAt);
    if (inPlace) {
      // The common live edit (tags, likes, vision labels): same items, same order, so the filter index follows.
      const positions: number[] = [];
      const items = old.map((i, pos) => {
        const next = fresh.get(i.key);
        if (next === undefined) return i;
        positions.push(pos);
        return next;
      });
      if (this.index?.items === old) this.index.update(items, positions);
      this.setItems(items);
      return;
    }
    const kept = old.filter((i) => !gone.has(i.key)).map((i) => fresh.get(i.key) ?? i);
    const added = [...fresh.values()].filter((i) => !this.state.byKey.has(i.key));
    // Nearly sorted already, so the sort costs little; it places new items and moved capture times.
    const items = [...kept, ...added].sort(newestFirst);
    this.setItems(items, { total: items.length });
  }

  /**
   * The filter index over the loaded catalog, built on first use after each change (null while loading:
   * then IndexedDB answers through its own indexes).
   */
  filterIndex(): CatalogIndex<CatalogItem> | null {
    if (this.state.loading !== null || this.state.total === null) return null;
    if (this.index?.items !== this.state.items) this.index = new CatalogIndex(this.state.items);
    return this.index;
  }

  /** Applies a local edit (like, rating) without a reload. */
  patch(key: string, change: Partial<CatalogItem>) {
    const old = this.state.byKey.get(key);
    if (!old) return;
    const next = { ...old, ...change };
    const before = this.state.items;
    const items = before.map((i) => (i.key === key ? next : i));
    if (change.takenAt !== undefined) items.sort(newestFirst);
    else if (this.index?.items === before) this.index.update(items, [before.indexOf(old)]);
    this.setItems(items);
  }
}

export function useLibrary(store: LibraryStore): LibraryState {
  return useSyncExternalStore(store.subscribe, store.get);
}
