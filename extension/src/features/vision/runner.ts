import type { ImageAnalysis } from '@hypomos/shared/vision/analysis';
import { type CategoryInput, itemLabels, wantsOcr } from '@hypomos/shared/vision/categories';
import { mergeFrameAnalyses } from '@hypomos/shared/vision/video';
import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources';
import type { OcrEngine } from './ocr';
import { clusterNewFaces } from './people';
import { visionLockName, withWebLock } from './exclusive';
import { claimBatch, isPaused, markDone, markFailed, resumeInterrupted, upgradeVisionQueue } from './queue';
import { cropFace, type VideoFrameSource } from './video-frames';

/**
 * Drains the vision queue: thumbnail → worker pool (faces, objects, hashes) → OCR where text is likely → results into
 * the index → new faces clustered into people. Everything it needs is passed in, so tests drive it with a real pool
 * and a thumbnail source of their own.
 */

export interface Analyzer {
  readonly size: number;
  analyze(blob: Blob): Promise<ImageAnalysis & { decodeMs?: number; modelMs?: number }>;
}

export interface StageTimes {
  images: number;
  thumbnailMs: number;
  decodeMs: number;
  modelMs: number;
  ocrMs: number;
  ocrImages: number;
  clusterMs: number;
  writeMs: number;
  wallMs: number;
  /** Videos analysed, the frames decoded from them, their total duration (s) and the time spent decoding frames. */
  videos: number;
  videoFrames: number;
  videoSeconds: number;
  videoDecodeMs: number;
  /** From claiming a video to its result written, summed over videos (frames, models, crops, poster, write). */
  videoMs: number;
}

/** Where a video's poster frame goes when it has no thumbnail yet (the grid shows it then). */
export interface PosterSink {
  /** Whether the item already has a large thumbnail (the provider's, or one made before). */
  has(key: string): Promise<boolean>;
  put(key: string, jpeg: Blob): Promise<void>;
}

export interface RunnerDeps {
  db: HypomosDb;
  analyzer: Analyzer;
  thumbnails: ThumbnailSource;
  /** Created on first use: most libraries have few documents, and the OCR worker costs memory. */
  ocr: () => Promise<OcrEngine>;
  /**
   * Frames of a video item at every fifth of its duration (video-frames.ts). Without it (a context with no
   * `<video>`), videos fail with that reason and the rest of the queue goes on.
   */
  videoFrames?: VideoFrameSource;
  /** Where a video's poster frame is stored when it has no thumbnail. */
  posters?: PosterSink;
  now?: () => number;
  /** Runs fn while holding the database's vision lock; defaults to Web Locks (exclusive.ts). */
  exclusive?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * New faces are clustered after this many analysed images, and whenever the run stops. Larger batches cluster
 * among themselves with full average linkage, which measured better than joining people a few faces at a time
 * (face-api.js set: F1 0.96 in one batch vs 0.92 in batches of 4).
 */
export const CLUSTER_EVERY = 100;

const emptyTimes = (): StageTimes => ({
  images: 0,
  thumbnailMs: 0,
  decodeMs: 0,
  modelMs: 0,
  ocrMs: 0,
  ocrImages: 0,
  clusterMs: 0,
  writeMs: 0,
  wallMs: 0,
  videos: 0,
  videoFrames: 0,
  videoSeconds: 0,
  videoDecodeMs: 0,
  videoMs: 0,
});

export class VisionRunner {
  readonly times = emptyTimes();
  private ocrEngine: Promise<OcrEngine> | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: RunnerDeps) {}

  /**
   * Runs until the queue is empty, the user pauses, or the signal aborts. Calling it while running joins that run.
   * The whole run holds the database's vision lock: another context (dashboard, offscreen document, a second tab)
   * waits instead of draining the same queue, and takes over if this one dies.
   */
  run(signal?: AbortSignal): Promise<void> {
    const exclusive = this.deps.exclusive ?? withWebLock;
    this.running ??= exclusive(visionLockName(this.deps.db.name), () => this.loop(signal)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(signal?: AbortSignal): Promise<void> {
    const { db, analyzer } = this.deps;
    const started = performance.now();
    // Safe only under the lock: nobody else is draining, so every row still `running` belongs to a run that died.
    await resumeInterrupted(db);
    await upgradeVisionQueue(db);
    let sinceCluster = 0;
    while (!signal?.aborted && !(await isPaused(db))) {
      const batch = await claimBatch(db, analyzer.size * 2);
      if (batch.length === 0) break;
      await Promise.all(batch.map((key) => this.processOne(key)));
      sinceCluster += batch.length;
      if (sinceCluster >= CLUSTER_EVERY) {
        await this.cluster();
        sinceCluster = 0;
      }
    }
    await this.cluster();
    // Items claimed but not started (pause/abort between batches) do not exist: batches finish before the check.
    this.times.wallMs += performance.now() - started;
  }

  private async cluster(): Promise<void> {
    const t = performance.now();
    await clusterNewFaces(this.deps.db);
    this.times.clusterMs += performance.now() - t;
  }

  private async processOne(key: string): Promise<void> {
    const { db, analyzer, thumbnails } = this.deps;
    try {
      const item = await db.items.get(key as ItemKey);
      if (!item) {
        await markDone(db, key);
        return;
      }
      if (item.mediaType === 'video') {
        await this.processVideo(key, item);
        return;
      }
      let t = performance.now();
      const blob = await thumbnails(key);
      this.times.thumbnailMs += performance.now() - t;
      const analysis = await analyzer.analyze(blob);
      this.times.decodeMs += analysis.decodeMs ?? 0;
      this.times.modelMs += analysis.modelMs ?? 0;
      const input = categoryInput(item, analysis);
      let ocrText: string | null = null;
      if (wantsOcr(input)) {
        t = performance.now();
        this.ocrEngine ??= this.deps.ocr();
        const ocr = await (await this.ocrEngine).recognize(blob);
        this.times.ocrMs += performance.now() - t;
        this.times.ocrImages++;
        input.ocr = ocr;
        ocrText = ocr.text || null;
      }
      t = performance.now();
      const written = await this.write(key, item.sourceId, analysis, itemLabels(input), ocrText);
      this.times.writeMs += performance.now() - t;
      this.times.images++;
      if (written) await markDone(db, key);
    } catch (err) {
      // One bad thumbnail must not stop the queue: record why, retry later, give up after MAX_ATTEMPTS.
      await markFailed(db, key, err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * A video: frames at every fifth of its duration, each through the models like a photo, merged into one result
   * (shared/vision/video.ts). Faces keep the frame they were seen best in, with a crop cut from it; the middle frame
   * gives the hashes and becomes the grid thumbnail if the item has none. No OCR: text in a video frame is rarely a
   * document. Errors (codec not supported, corrupt file) propagate to processOne, which records them.
   */
  private async processVideo(key: string, item: IndexItem): Promise<void> {
    const { db, analyzer, videoFrames, posters } = this.deps;
    if (!videoFrames) throw new Error('videos cannot be decoded in this context');
    const started = performance.now();
    const sampled = await videoFrames(key);
    this.times.videoDecodeMs += performance.now() - started;
    const analyses = await Promise.all(sampled.frames.map((f) => analyzer.analyze(f.blob)));
    for (const a of analyses) {
      this.times.decodeMs += a.decodeMs ?? 0;
      this.times.modelMs += a.modelMs ?? 0;
    }
    const merged = mergeFrameAnalyses(
      sampled.frames.map((f, i) => ({ time: f.time, analysis: analyses[i] as ImageAnalysis })),
      sampled.duration ?? item.durationSec,
    );
    const crops = await Promise.all(
      merged.faces.map((f) => cropFace(sampled.frames[f.frameIndex] as (typeof sampled.frames)[number], f.box)),
    );
    const poster = sampled.frames[merged.posterIndex];
    if (posters && poster && !(await posters.has(key))) await posters.put(key, poster.blob);
    const input = categoryInput(item, merged);
    const t = performance.now();
    const written = await this.write(
      key,
      item.sourceId,
      merged,
      itemLabels(input),
      null,
      merged.faces.map((f, i) => ({ frameTime: f.frameTime, crop: crops[i] as Blob })),
    );
    this.times.writeMs += performance.now() - t;
    this.times.videos++;
    this.times.videoFrames += sampled.frames.length;
    this.times.videoSeconds += sampled.duration ?? item.durationSec ?? 0;
    this.times.videoMs += performance.now() - started;
    if (written) await markDone(db, key);
  }

  /**
   * Stores one analysis, unless the user opted the source out (or its row left the queue) while it was in flight:
   * opting out deletes what vision computed, and a late write must not bring it back. Returns whether it wrote.
   */
  private async write(
    key: string,
    sourceId: string,
    a: ImageAnalysis,
    labels: string[],
    ocrText: string | null,
    /** Per face of a video: the frame it was seen in and its crop from that frame. */
    fromFrames?: readonly { frameTime: number; crop: Blob }[],
  ): Promise<boolean> {
    const { db } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const objectScores: Record<string, number> = {};
    for (const o of a.objects) objectScores[o.label] = Math.max(objectScores[o.label] ?? 0, o.score);
    return db.transaction('rw', [db.items, db.faces, db.visionFeatures, db.sources, db.visionQueue], async () => {
      const [source, row] = await Promise.all([db.sources.get(sourceId), db.visionQueue.get(key)]);
      if (!source?.visionOptIn || !row) return false;
      // Re-analysis replaces the item's faces; their people are recomputed by the clustering step that follows.
      await db.faces.where('itemKey').equals(key).delete();
      await db.faces.bulkAdd(
        a.faces.map((f, i) => ({
          id: `${key}#${i}`,
          itemKey: key,
          personId: null,
          box: f.box,
          score: f.score,
          embedding: Float32Array.from(f.embedding),
          ...(fromFrames?.[i] ? { frameTime: fromFrames[i].frameTime, crop: fromFrames[i].crop } : {}),
        })),
      );
      await db.visionFeatures.put({
        key,
        phashVariants: a.phashVariants,
        centreHash: a.centreHash,
        rotationHashes: a.rotationHashes,
        objectScores,
        faceCount: a.faces.length,
        thumbWidth: a.width,
        thumbHeight: a.height,
        quality: a.quality,
        analyzedAt: now,
      });
      await db.items.update(key as ItemKey, { labels, phash: a.phash, ocrText, people: [] });
      return true;
    });
  }

  async close(): Promise<void> {
    const ocr = this.ocrEngine;
    this.ocrEngine = null;
    if (ocr) await (await ocr).terminate();
  }
}

/** What the label rules read of an item and its analysis (one photo's, or a video's frames merged). */
function categoryInput(
  item: IndexItem,
  a: Pick<ImageAnalysis, 'width' | 'height' | 'faces' | 'objects' | 'stats'>,
): CategoryInput {
  return {
    name: item.name,
    mimeType: item.mimeType,
    make: item.make,
    lens: item.lens,
    width: item.width ?? a.width,
    height: item.height ?? a.height,
    faces: a.faces,
    objects: a.objects,
    thumbWidth: a.width,
    thumbHeight: a.height,
    stats: a.stats,
  };
}
