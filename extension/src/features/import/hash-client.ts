/// <reference path="../vision/worker-import.d.ts" />
import type { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import * as Comlink from 'comlink';
import type { HashWorkerApi } from './hash.worker';
import HashWorker from './hash.worker?worker';

let remote: Comlink.Remote<HashWorkerApi> | null = null;

/** Hashes a picked file in a worker (started on first use). A File crosses by reference, not by copy. */
export function hashInWorker(file: File): Promise<LocalHashes> {
  remote ??= Comlink.wrap<HashWorkerApi>(new HashWorker({ name: 'import-hash' }));
  return remote.hash(file);
}
