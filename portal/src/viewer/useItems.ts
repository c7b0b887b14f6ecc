import type { PublicItem } from '@hypomos/shared/api/public';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure, messageOf } from '../api/client';
import { diagnose, type Verdict } from './broken-link';
import { probes } from './gate';
import type { Healing } from './healing';
import type { ViewerSource } from './source';

export interface ItemsState {
  /** Loaded items minus the ones whose link turned out dead. */
  items: PublicItem[];
  done: boolean;
  error: ApiFailure | Error | null;
  /** Path choice and healing for the tiles and players; a gone item is hidden and reported to its owner, once. */
  heal: Healing;
}

/** A throttle or an unreadable failure is asked again after this long; a verdict of gone is final. */
const RECHECK_MS = 30_000;

/** Pages through every item (500 at a time); the grid grows while later pages arrive. */
export function useItems(source: ViewerSource | null): ItemsState {
  const [loaded, setLoaded] = useState<PublicItem[]>([]);
  const [dead, setDead] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiFailure | Error | null>(null);
  const verdicts = useRef(new Map<string, { at: number; verdict: Promise<Verdict> }>());

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

  const heal = useMemo<Healing>(() => {
    const relayUrlOf = (itemId: string) => source?.relayUrl(itemId) ?? null;
    const failed = (item: PublicItem) => {
      const known = verdicts.current.get(item.id);
      if (known && Date.now() - known.at < RECHECK_MS) return known.verdict;
      const verdict = probes.run(() => diagnose(item, relayUrlOf));
      verdicts.current.set(item.id, { at: Date.now(), verdict });
      void verdict.then((v) => {
        if (v !== 'gone' && v !== 'expired') return;
        verdicts.current.set(item.id, { at: Number.POSITIVE_INFINITY, verdict });
        setDead((prev) => new Set(prev).add(item.id));
        source?.reportDeadLink(item.id, v === 'gone' ? 'not_found' : 'expired').catch(() => {});
      });
      return verdict;
    };
    return { relayUrlOf, failed };
  }, [source]);

  const items = useMemo(() => (dead.size ? loaded.filter((i) => !dead.has(i.id)) : loaded), [loaded, dead]);
  return { items, done, error, heal };
}
