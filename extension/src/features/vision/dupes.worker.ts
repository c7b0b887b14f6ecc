import type { DuplicateGroup } from '@hypomos/shared/vision/dedupe';
import * as Comlink from 'comlink';
import { HypomosDb } from '../../db';
import { type DuplicatesProgress, findDuplicates } from './dupes';

/**
 * The duplicate search off the dashboard's main thread. The worker opens the same IndexedDB database as the page (same
 * extension origin) and reads the items itself, so 100,000 rows are never structured-cloned across; it keeps the
 * near-duplicate index of each database between reviews (dupes.ts), so later reviews look up only what changed.
 * Searches run one after another: the index is not safe to change from two at once.
 */

const databases = new Map<string, HypomosDb>();
let queue: Promise<unknown> = Promise.resolve();
let listener: ((p: DuplicatesProgress) => unknown) | null = null;

function databaseNamed(name: string): HypomosDb {
  let db = databases.get(name);
  if (!db) {
    db = new HypomosDb(name);
    databases.set(name, db);
  }
  return db;
}

const api = {
  /** Where progress goes: one listener per page (the client fans it out to whatever is on screen). */
  listen(report: (p: DuplicatesProgress) => unknown): void {
    listener = report;
  },

  find(dbName: string): Promise<DuplicateGroup[]> {
    const run = queue.then(() =>
      findDuplicates(databaseNamed(dbName), (p) => {
        // Posted while the search goes on (comlink posts synchronously); the answer is not awaited.
        if (listener) void Promise.resolve(listener(p)).catch(() => {});
      }),
    );
    queue = run.catch(() => {});
    return run;
  },

  /** Drops the index of a database about to be deleted, and closes this worker's connection to it. */
  forget(dbName: string): Promise<void> {
    const run = queue.then(() => {
      databases.get(dbName)?.close();
      databases.delete(dbName);
    });
    queue = run.catch(() => {});
    return run;
  },
};

export type DupesWorkerApi = typeof api;
Comlink.expose(api);
