import { itemKey } from '@hypomos/shared/index/item';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { HypomosDb } from '../../db';
import { findDuplicatesInWorker, forgetDuplicatesOf } from './dupes-client';
import { createOcr } from './ocr';
import { VisionPool } from './pool';
import { enqueueKeys, visionProgress } from './queue';
import { VisionRunner } from './runner';
import { visionUrls } from './urls';
import { sampleVideoFrames } from './video-frames';

/**
 * Self-check of the whole pipeline on images given by URL, in a throw-away database: the real queue, worker pool,
 * models, OCR, clustering and duplicate search, with only the thumbnail source swapped for a fetch. The e2e tests and
 * the benchmark drive it from the vision-check page; it never touches the user's index.
 */

export interface CheckImage {
  id: string;
  url: string;
  name: string;
  mimeType?: string;
  /** SHA-256 of the file, as the metadata pipeline would have stored it (for exact duplicates). */
  sha256?: string;
  /** A video: `url` is the file itself, sampled at every fifth of its duration. */
  mediaType?: 'image' | 'video';
}

export async function runVisionCheck(images: CheckImage[], opts: { workers?: number } = {}) {
  const db = new HypomosDb(`vision-check-${crypto.randomUUID()}`);
  const sourceId = 'check';
  const byKey = new Map<string, CheckImage>();
  const now = Date.now();
  // The runner claims only items of consented sources; this throw-away source is consented by running the check.
  await db.sources.put({
    id: sourceId,
    kind: 'local',
    name: 'Vision self-check',
    config: {},
    createdAt: now,
    visionOptIn: true,
    autoTagFolders: false,
    ignoredFolderNames: [],
  });
  await db.items.bulkPut(
    images.map((img) => {
      const key = itemKey(sourceId, img.id);
      byKey.set(key, img);
      const item = makeIndexItem({
        sourceId,
        providerItemId: img.id,
        name: img.name,
        mediaType: img.mediaType ?? 'image',
        mimeType: img.mimeType ?? null,
        sha256: img.sha256 ?? null,
        takenAt: now,
        modifiedAt: now,
        addedAt: now,
      });
      return item;
    }),
  );
  const urls = visionUrls();
  const pool = new VisionPool(urls, opts.workers);
  const runner = new VisionRunner({
    db,
    analyzer: pool,
    thumbnails: async (key) => {
      const res = await fetch((byKey.get(key) as CheckImage).url);
      if (!res.ok) throw new Error(`thumbnail ${res.status}`);
      return res.blob();
    },
    ocr: () => createOcr(urls),
    // The check's files are small corpus videos: a Blob URL keeps the canvas untainted whatever serves them.
    videoFrames: async (key) => {
      const res = await fetch((byKey.get(key) as CheckImage).url);
      if (!res.ok) throw new Error(`video ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      try {
        return await sampleVideoFrames(url);
      } finally {
        URL.revokeObjectURL(url);
      }
    },
  });
  try {
    const t0 = performance.now();
    await pool.ready();
    const loadMs = performance.now() - t0;
    await enqueueKeys(db, [...byKey.keys()]);
    await runner.run();
    const items = await db.items.toArray();
    const faces = await db.faces.toArray();
    const queue = await db.visionQueue.toArray();
    return {
      workers: pool.size,
      loadMs,
      times: runner.times,
      progress: await visionProgress(db),
      items: items.map((i) => ({
        id: i.providerItemId,
        labels: i.labels,
        people: i.people,
        phash: i.phash,
        ocrText: i.ocrText,
      })),
      faces: faces.map((f) => ({
        id: (byKey.get(f.itemKey) as CheckImage).id,
        box: f.box,
        score: f.score,
        personId: f.personId,
        frameTime: f.frameTime ?? null,
        cropBytes: f.crop?.size ?? null,
      })),
      failed: queue
        .filter((q) => q.state === 'failed')
        .map((q) => ({ id: q.key.slice(sourceId.length + 1), error: q.error })),
      duplicates: (await findDuplicatesInWorker(db)).map((g) => ({
        kind: g.kind,
        ids: g.keys.map((k) => (byKey.get(k) as CheckImage).id),
      })),
    };
  } finally {
    await runner.close();
    pool.terminate();
    await forgetDuplicatesOf(db);
    db.close();
    await db.delete();
  }
}

export type VisionCheckResult = Awaited<ReturnType<typeof runVisionCheck>>;
