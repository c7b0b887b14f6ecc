import type { HypomosDb } from '../../db';
import { mediaPath } from '../../platform/media-path';
import { pageThumbnails } from '../sources';
import { createOcr } from './ocr';
import { VisionPool } from './pool';
import { hasRunnableWork } from './queue';
import { VisionRunner } from './runner';
import { visionUrls } from './urls';
import { sampleVideoFrames } from './video-frames';
import { ask } from '../../protocol';

/** What the runner document shows about itself (read by the e2e tests through the page). */
export interface RunnerPageState {
  phase: 'running' | 'reporting' | 'done';
  runs: number;
  images: number;
  error: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The body of the background's runner document (offscreen in Chrome, a hidden frame in Firefox): drain the queue
 * with the same worker pool, runner and thumbnail source as a dashboard page, then tell the background, which closes
 * the document. Work that arrives during the run is claimed by the same run; work that arrives after it makes the
 * background reopen the document.
 */
export async function runVisionDocument(db: HypomosDb, state: RunnerPageState): Promise<void> {
  const urls = visionUrls();
  const pool = new VisionPool(urls);
  const thumbnails = pageThumbnails(db);
  const runner = new VisionRunner({
    db,
    analyzer: pool,
    thumbnails: thumbnails.large,
    ocr: () => createOcr(urls),
    // The address the lightbox plays from (the service worker's Range stream in Chrome, the background's redirect
    // in Firefox): the element fetches only what it needs around each sampled time.
    videoFrames: (key) => sampleVideoFrames(mediaPath(key)),
    posters: thumbnails.posters,
  });
  try {
    do {
      state.runs++;
      await runner.run();
      state.images = runner.times.images;
    } while (await hasRunnableWork(db));
  } catch (e) {
    // A broken run (lock or database error) is reported, not retried in a loop; the alarm brings a fresh document.
    state.error = e instanceof Error ? e.message : String(e);
    console.error('Hypomos: vision run failed', e);
  } finally {
    await runner.close().catch(() => undefined);
    pool.terminate();
  }
  state.phase = 'reporting';
  // The service worker may be restarting right now; the message wakes it, and a failed delivery is retried.
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await ask('vision.drained');
      state.phase = 'done';
      return;
    } catch {
      await sleep(1000 * (attempt + 1));
    }
  }
}
