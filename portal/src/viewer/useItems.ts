import type { PublicItem } from '@hypomos/shared/api/public';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure, messageOf } from '../api/client';
import { classifyFailure } from './broken-link';
import type { ViewerSource } from './source';

export interface ItemsState {
  /** Loaded items minus the ones whose link turned out dead. */
  items: PublicItem[];
  done: boolean;
  error: ApiFailure | Error | null;
  /** An item's media failed to load from `url`: if its link is dead, hide it and report it to its owner, once. */
  markDead: (item: PublicItem, url: string) => void;
}

/** Pages through every item (500 at a time); the grid grows while later pages arrive. */
export function useItems(source: ViewerSource | null): ItemsState {
  const [loaded, setLoaded] = useState<PublicItem[]>([]);
  const [dead, setDead] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiFailure | Error | null>(null);
  const reported = useRef(new Set<string>());

  useEffect(() => {
    if (!source) return;
    let cancelled = false;
    setLoaded([]);
    setDone(false);
    setError(null);
    (async () => {
      let cursor: string | null = null;
      do {
        const page = await source.loadPage(cursor);
        if (cancelled) return;
        setLoaded((prev) => prev.concat(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      setDone(true);
    })().catch((err: unknown) => {
      if (!cancelled) setError(err instanceof ApiFailure ? err : new Error(messageOf(err)));
    });
    return () => {
      cancelled = true;
    };
  }, [source]);

  const markDead = useCallback(
    (item: PublicItem, url: string) => {
      if (reported.current.has(item.id) || !source) return;
      reported.current.add(item.id);
      void classifyFailure(url, item.linkExpiresAt).then((reason) => {
        if (reason === 'undecodable') return;
        setDead((prev) => new Set(prev).add(item.id));
        source.reportDeadLink(item.id, reason).catch(() => {});
      });
    },
    [source],
  );

  const items = useMemo(() => (dead.size ? loaded.filter((i) => !dead.has(i.id)) : loaded), [loaded, dead]);
  return { items, done, error, markDead };
}
