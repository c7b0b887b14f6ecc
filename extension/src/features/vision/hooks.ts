import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources/thumbnails';
import { useLive } from '../timeline/use-live';
import { createOcr } from './ocr';
import { VisionPool } from './pool';
import { type VisionProgress, visionProgress } from './queue';
import { VisionRunner } from './runner';
import { visionUrls } from './urls';

export { useLive as useLiveValue } from '../timeline/use-live';

export function useVisionProgress(db: HypomosDb): VisionProgress | null {
  return useLive(() => visionProgress(db), [db], null);
}

/**
 * The pipeline for the lifetime of a page that drains its own database (the vision lab; the dashboard leaves the
 * user's index to the background's runner document): a worker pool and a runner, started whenever there is queued
 * work and the user has not paused. The runner holds the database's vision lock, so it never drains alongside
 * another context. Closing the page stops it; the queue in IndexedDB remembers where it was.
 */
export function useVisionRunner(db: HypomosDb, thumbnails: ThumbnailSource): { runner: VisionRunner | null; kick: () => void } {
  const ref = useRef<{ runner: VisionRunner; pool: VisionPool } | null>(null);
  const [, force] = useState(0);
  useEffect(() => {
    const urls = visionUrls();
    const pool = new VisionPool(urls);
    const runner = new VisionRunner({ db, analyzer: pool, thumbnails, ocr: () => createOcr(urls) });
    ref.current = { runner, pool };
    force((n) => n + 1);
    const abort = new AbortController();
    const sub = liveQuery(() => visionProgress(db)).subscribe({
      next: (p) => {
        if (p.queued > 0 && !p.paused) void runner.run(abort.signal);
      },
    });
    return () => {
      sub.unsubscribe();
      abort.abort();
      void runner.close();
      pool.terminate();
      ref.current = null;
    };
  }, [db, thumbnails]);
  return { runner: ref.current?.runner ?? null, kick: () => void ref.current?.runner.run() };
}
