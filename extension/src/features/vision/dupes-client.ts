/// <reference path="./worker-import.d.ts" />
import type { DuplicateGroup } from '@hypomos/shared/vision/dedupe';
import * as Comlink from 'comlink';
import type { HypomosDb } from '../../db';
import type { DuplicatesProgress } from './dupes';
import type { DupesWorkerApi } from './dupes.worker';
import DupesWorker from './dupes.worker?worker';

/**
 * The page's side of the duplicate worker: one worker per page, started on first use and kept, because it holds the
 * index between reviews. Progress is shared: a review opened while a search runs shows that search's progress.
 */

let remote: Comlink.Remote<DupesWorkerApi> | null = null;
const watchers = new Set<(p: DuplicatesProgress | null) => void>();
let current: DuplicatesProgress | null = null;
let running = 0;

function publish(p: DuplicatesProgress | null): void {
  current = p;
  for (const w of watchers) w(p);
}

function worker(): Comlink.Remote<DupesWorkerApi> {
  if (!remote) {
    remote = Comlink.wrap<DupesWorkerApi>(new DupesWorker({ name: 'duplicates' }));
    // Progress comes over its own port and may land after the answer: only while a search is awaited does it count.
    void remote.listen(Comlink.proxy((p: DuplicatesProgress) => running > 0 && publish(p)));
  }
  return remote;
}

/** Searches under way, by database: callers arriving meanwhile share one (the review and the duplicates section). */
const inFlight = new Map<string, Promise<DuplicateGroup[]>>();

/** Exact and near-duplicate groups of `db`, computed in the worker. */
export function findDuplicatesInWorker(db: HypomosDb): Promise<DuplicateGroup[]> {
  const shared = inFlight.get(db.name);
  if (shared) return shared;
  running++;
  const search = worker()
    .find(db.name)
    .finally(() => {
      inFlight.delete(db.name);
      if (--running === 0) publish(null);
    });
  inFlight.set(db.name, search);
  return search;
}

/** Calls `watch` with the running search's progress now and on every change (null when none runs); returns the stop. */
export function watchDuplicatesProgress(watch: (p: DuplicatesProgress | null) => void): () => void {
  watchers.add(watch);
  watch(current);
  return () => {
    watchers.delete(watch);
  };
}

/** Before deleting a database: the worker drops its index and closes its connection, which would block the delete. */
export async function forgetDuplicatesOf(db: HypomosDb): Promise<void> {
  if (remote) await remote.forget(db.name);
}
