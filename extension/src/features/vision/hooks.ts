import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources';
import { useLive } from '../library';
import { createOcr } from './ocr';
import { VisionPool } from './pool';
import { type VisionProgress, visionProgress } from './queue';
import { VisionRunner } from './runner';
import { visionUrls } from './urls';
import { sampleVideoFrames } from './video-frames';
import { mediaPath } from '../../platform/media-path';
import { ask } from '../../protocol';

export { useLive as useLiveValue } from '../library';

export function useVisionProgress(db: HypomosDb): VisionProgress | null {
  return useLive(() => visionProgress(db), [db], null);
}

/**
 * The pipeline for the lifetime of a page that drains its own database (the vision lab; the dashboard leaves the
 * user's index to the background's runner document): a worker pool and a runner, started whenever there is queued
 * work and the user has not paused. The runner holds the database's vision lock, so it never drains alongside
 * another context. Closing the page stops it; the queue in IndexedDB remembers where it was.
 */
export function useVisionRunner(
  db: HypomosDb,
  thumbnails: ThumbnailSource,
  enabled = true,
): { runner: VisionRunner | null; kick: () => void } {
  const ref = useRef<{ runner: VisionRunner; pool: VisionPool } | null>(null);
  const [, force] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const urls = visionUrls();
    const pool = new VisionPool(urls);
    const runner = new VisionRunner({
      db,
      analyzer: pool,
      thumbnails,
      ocr: () => createOcr(urls),
      videoFrames: (key) => sampleVideoFrames(mediaPath(key)),
    });
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
  }, [db, thumbnails, enabled]);
  return { runner: ref.current?.runner ?? null, kick: () => void ref.current?.runner.run() };
}

/**
 * The dashboard asks the background to run the queue. Only if that is refused (a browser where the background has
 * no runner document, or a background that does not answer) does the page drain the queue itself. The lock keeps
 * this safe even if both end up trying: one drains, the other waits.
 */
export function useBackgroundVisionRunner(db: HypomosDb, thumbnails: ThumbnailSource): { inPage: boolean } {
  const [inPage, setInPage] = useState(false);
  useEffect(() => {
    let live = true;
    ask('vision.kick').then(
      () => live && setInPage(false),
      (e: unknown) => {
        console.warn('Hypomos: the background cannot run vision; this page runs it while open', e);
        if (live) setInPage(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  useVisionRunner(db, thumbnails, inPage);
  return { inPage };
}
