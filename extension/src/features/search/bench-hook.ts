import { parseQuery } from '@hypomos/shared/filter/parse';
import type { HypomosDb } from '../../db';
import { evaluateFilter, type LibraryStore, naiveScan } from '../library';

/**
 * Demo/test builds only (HYPOMOS_DEMO=1): lets the benchmark time filter evaluation inside the page,
 * planned versus a naive full scan, on the same IndexedDB the dashboard uses.
 */
export function installBenchHook(db: HypomosDb, store: LibraryStore) {
  if (__HYPOMOS_DEMO__ !== '1') return;
  (window as unknown as Record<string, unknown>).__hypomosBench = {
    async evaluate(query: string) {
      const t0 = performance.now();
      const ev = await evaluateFilter(db, parseQuery(query).filter);
      return { ms: performance.now() - t0, count: ev.keys.length, index: ev.index, scanned: ev.scanned };
    },
    /** Builds the in-memory filter index once the catalog is loaded (null while it is still loading). */
    prepare() {
      const t0 = performance.now();
      const index = store.filterIndex();
      return index === null ? null : { ms: performance.now() - t0, items: index.items.length };
    },
    /** The dashboard's path once the catalog is loaded: its filter index (null while it is still loading). */
    memory(query: string) {
      const index = store.filterIndex();
      if (index === null) return null;
      const t0 = performance.now();
      const ev = index.evaluate(parseQuery(query).filter);
      return { ms: performance.now() - t0, count: ev.keys.length, index: ev.index, tested: ev.tested };
    },
    async naive(query: string) {
      const t0 = performance.now();
      const items = await naiveScan(db, parseQuery(query).filter);
      return { ms: performance.now() - t0, count: items.length };
    },
  };
}
