import type { HypomosDb } from '../../db';

/**
 * The vision queue in IndexedDB: one row per item to analyse. Rows move queued → running → done | failed; a run that
 * stops mid-item (tab closed, browser quit) leaves rows in `running`, which resumeInterrupted() puts back in line.
 */

const PAUSED_KEY = 'vision.paused';
export const MAX_ATTEMPTS = 3;

export interface VisionProgress {
  queued: number;
  running: number;
  done: number;
  failed: number;
  total: number;
  paused: boolean;
}

/** Queues every image of a source that has no queue row yet (so re-running after a scan adds only new items). */
export async function enqueueSource(db: HypomosDb, sourceId: string): Promise<number> {
  const keys = (await db.items.where('sourceId').equals(sourceId).filter((i) => i.mediaType !== 'video').primaryKeys()) as string[];
  return enqueueKeys(db, keys);
}

export async function enqueueKeys(db: HypomosDb, keys: readonly string[]): Promise<number> {
  return db.transaction('rw', db.visionQueue, async () => {
    const existing = new Set((await db.visionQueue.where('key').anyOf([...keys]).primaryKeys()) as string[]);
    const fresh = keys.filter((k) => !existing.has(k));
    await db.visionQueue.bulkPut(fresh.map((key) => ({ key, state: 'queued' as const, attempts: 0, error: null })));
    return fresh.length;
  });
}

/** Puts items left `running` by a run that stopped back into the queue. */
export async function resumeInterrupted(db: HypomosDb): Promise<number> {
  return db.visionQueue.where('state').equals('running').modify({ state: 'queued' });
}

/** Takes up to n queued items and marks them running, atomically, so two pages never analyse the same item. */
export async function claimBatch(db: HypomosDb, n: number): Promise<string[]> {
  return db.transaction('rw', db.visionQueue, async () => {
    const keys = (await db.visionQueue.where('state').equals('queued').limit(n).primaryKeys()) as string[];
    await db.visionQueue.where('key').anyOf(keys).modify({ state: 'running' });
    return keys;
  });
}

export async function markDone(db: HypomosDb, key: string): Promise<void> {
  await db.visionQueue.update(key, { state: 'done', error: null });
}

/** Records the failure; the item is retried later until MAX_ATTEMPTS, then stays failed with its reason. */
export async function markFailed(db: HypomosDb, key: string, error: string): Promise<void> {
  await db.transaction('rw', db.visionQueue, async () => {
    const row = await db.visionQueue.get(key);
    const attempts = (row?.attempts ?? 0) + 1;
    await db.visionQueue.put({ key, attempts, error, state: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued' });
  });
}

/** Failed items go back in line (the user asked to retry). */
export async function retryFailed(db: HypomosDb): Promise<number> {
  return db.visionQueue.where('state').equals('failed').modify({ state: 'queued', attempts: 0, error: null });
}

export async function setPaused(db: HypomosDb, paused: boolean): Promise<void> {
  await db.kv.put({ key: PAUSED_KEY, value: paused });
}

export async function isPaused(db: HypomosDb): Promise<boolean> {
  return (await db.kv.get(PAUSED_KEY))?.value === true;
}

export async function visionProgress(db: HypomosDb): Promise<VisionProgress> {
  const [queued, running, done, failed, paused] = await Promise.all([
    db.visionQueue.where('state').equals('queued').count(),
    db.visionQueue.where('state').equals('running').count(),
    db.visionQueue.where('state').equals('done').count(),
    db.visionQueue.where('state').equals('failed').count(),
    isPaused(db),
  ]);
  return { queued, running, done, failed, total: queued + running + done + failed, paused };
}
