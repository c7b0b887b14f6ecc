import type { HypomosDb } from '../../db';

/**
 * The vision queue in IndexedDB: one row per item to analyse. Rows move queued → running → done | failed; a run that
 * stops mid-item (tab closed, browser quit) leaves rows in `running`, which resumeInterrupted() puts back in line.
 */

const PAUSED_KEY = 'vision.paused';
export const MAX_ATTEMPTS = 3;

const VERSION_KEY = 'vision.version';
/**
 * What the stored results were computed by. 1: photos only (videos were marked done without analysis). 2: videos
 * are analysed from frames at every fifth of their duration. upgradeVisionQueue requeues what an older version
 * skipped, once.
 */
export const VISION_VERSION = 2;

export interface VisionProgress {
  queued: number;
  running: number;
  done: number;
  failed: number;
  total: number;
  paused: boolean;
}

/** Queues every photo and video of a source that has no queue row yet (re-running after a scan adds only new items). */
export async function enqueueSource(db: HypomosDb, sourceId: string): Promise<number> {
  const keys = (await db.items.where('sourceId').equals(sourceId).primaryKeys()) as string[];
  return enqueueKeys(db, keys);
}

/**
 * Brings the queue up to VISION_VERSION, once per database: videos that version 1 marked done unanalysed go back in
 * line, and videos of consented sources that it never queued join. Runs at the background's checks and at the start
 * of every run (whichever comes first); later calls only read the stored version.
 */
export async function upgradeVisionQueue(db: HypomosDb): Promise<number> {
  if (((await db.kv.get(VERSION_KEY))?.value ?? 1) === VISION_VERSION) return 0;
  return db.transaction('rw', [db.kv, db.visionQueue, db.items, db.sources], async () => {
    const stored = ((await db.kv.get(VERSION_KEY))?.value as number | undefined) ?? 1;
    if (stored >= VISION_VERSION) return 0;
    const videos = (await db.items.where('mediaType').equals('video').primaryKeys()) as string[];
    const rows = await db.visionQueue.where('key').anyOf(videos).toArray();
    const requeue = rows.filter((r) => r.state === 'done' || r.state === 'failed').map((r) => r.key);
    await db.visionQueue.bulkPut(requeue.map((key) => ({ key, state: 'queued' as const, attempts: 0, error: null })));
    const queued = new Set(rows.map((r) => r.key));
    const allowed = await consentedSources(db);
    const fresh = videos.filter((k) => !queued.has(k) && allowed.has(sourceOfKey(k)));
    await db.visionQueue.bulkPut(fresh.map((key) => ({ key, state: 'queued' as const, attempts: 0, error: null })));
    await db.kv.put({ key: VERSION_KEY, value: VISION_VERSION });
    return requeue.length + fresh.length;
  });
}

export async function enqueueKeys(db: HypomosDb, keys: readonly string[]): Promise<number> {
  return db.transaction('rw', db.visionQueue, async () => {
    const existing = new Set(
      (await db.visionQueue
        .where('key')
        .anyOf([...keys])
        .primaryKeys()) as string[],
    );
    const fresh = keys.filter((k) => !existing.has(k));
    await db.visionQueue.bulkPut(fresh.map((key) => ({ key, state: 'queued' as const, attempts: 0, error: null })));
    return fresh.length;
  });
}

/** Puts items left `running` by a run that stopped back into the queue. */
export async function resumeInterrupted(db: HypomosDb): Promise<number> {
  return db.visionQueue.where('state').equals('running').modify({ state: 'queued' });
}

/** Source ids the user switched vision on for (the consent screen). Read at every claim, so opting out takes effect. */
export async function consentedSources(db: HypomosDb): Promise<Set<string>> {
  return new Set((await db.sources.filter((s) => s.visionOptIn).primaryKeys()) as string[]);
}

/** Item keys are `sourceId:providerItemId` (shared/index/item.ts itemKey). */
const sourceOfKey = (key: string) => key.slice(0, key.indexOf(':'));

/**
 * Takes up to n queued items of consented sources and marks them running, atomically. Callers hold the vision lock
 * (exclusive.ts), so one context drains a database at a time; the transaction keeps claims atomic regardless.
 */
export async function claimBatch(db: HypomosDb, n: number): Promise<string[]> {
  return db.transaction('rw', db.visionQueue, db.sources, async () => {
    const allowed = await consentedSources(db);
    const keys = (await db.visionQueue
      .where('state')
      .equals('queued')
      .filter((row) => allowed.has(sourceOfKey(row.key)))
      .limit(n)
      .primaryKeys()) as string[];
    await db.visionQueue.where('key').anyOf(keys).modify({ state: 'running' });
    return keys;
  });
}

/**
 * Whether a runner has anything to do: queued items of a consented source, and the user has not paused. The
 * background opens its runner document only then.
 */
export async function hasRunnableWork(db: HypomosDb): Promise<boolean> {
  if (await isPaused(db)) return false;
  const allowed = await consentedSources(db);
  if (allowed.size === 0) return false;
  const first = await db.visionQueue
    .where('state')
    .equals('queued')
    .filter((row) => allowed.has(sourceOfKey(row.key)))
    .first();
  return first !== undefined;
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
