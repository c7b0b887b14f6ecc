import type { PublicItem } from '@hypomos/shared/api/public';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Verdict } from './broken-link';
import type { MediaSource, RelayUrlOf } from './delivery-path';
import { driveThumbnails } from './gate';

/** What every tile and player needs to pick a path and heal: the relay's address and the shared failure diagnosis. */
export interface Healing {
  relayUrlOf: RelayUrlOf;
  /** Every source of an item failed in an element: why (probed once per item; a gone item is hidden and reported). */
  failed: (item: PublicItem) => Promise<Verdict>;
}

/**
 * Loads the first source, and the next one each time an element reports an error; once none is left, `verdict`
 * holds the diagnosis. Gated sources (Drive thumbnails) wait for a slot and hold it until they load or fail.
 */
export function useSourceChain(sources: MediaSource[], item: PublicItem, heal: Healing) {
  const key = `${item.id}\n${sources.map((s) => s.url).join('\n')}`;
  const [state, setState] = useState({
    key,
    index: 0,
    verdict: null as Verdict | null,
    granted: null as string | null,
  });
  const current = state.key === key ? state : { key, index: 0, verdict: null, granted: null };
  const source = sources[current.index] ?? null;
  const release = useRef<(() => void) | null>(null);
  const settle = useCallback(() => {
    release.current?.();
    release.current = null;
  }, []);

  useEffect(() => {
    if (!source?.gate) return;
    let cancelled = false;
    void driveThumbnails.acquire().then((done) => {
      if (cancelled) return done();
      release.current = done;
      setState((s) => (s.key === key ? { ...s, granted: source.url } : s));
    });
    return () => {
      cancelled = true;
      settle();
    };
  }, [key, source?.url, source?.gate, settle]);

  // An item with no source at all (a video without stills) has nothing that failed: nothing to diagnose.
  const exhausted = sources.length > 0 && current.index >= sources.length;
  useEffect(() => {
    if (!exhausted) return;
    let cancelled = false;
    void heal.failed(item).then((verdict) => {
      if (!cancelled) setState((s) => (s.key === key ? { ...s, verdict } : s));
    });
    return () => {
      cancelled = true;
    };
  }, [exhausted, key, item, heal]);

  const onError = () => {
    settle();
    setState({ key, index: current.index + 1, verdict: null, granted: null });
  };
  const ready = source && (!source.gate || current.granted === source.url) ? source : null;
  return { source: ready, onLoad: settle, onError, exhausted, verdict: current.verdict };
}

/** Words for a tile or player whose every source failed (a gone item is hidden, so it needs none). */
export function failureText(verdict: Verdict | null, mediaType: 'image' | 'video'): string | null {
  if (verdict === 'throttled') return 'Temporarily unavailable';
  if (verdict === 'unknown') return 'Could not load';
  if (verdict === 'alive' && mediaType === 'image') return 'Cannot be shown in this browser';
  return null;
}
