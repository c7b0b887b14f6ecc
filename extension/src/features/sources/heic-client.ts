/// <reference path="../vision/worker-import.d.ts" />
import * as Comlink from 'comlink';
import { DEVICE_LARGE_EDGE } from './device-thumbnail';
import type { HeicWorkerApi } from './heic.worker';
import HeicWorker from './heic.worker?worker';

let remote: Comlink.Remote<HeicWorkerApi> | null = null;

/** A JPEG thumbnail of a HEIC file, decoded in a worker (started on first use, kept for the next ones). */
export async function heicThumbnail(bytes: Uint8Array, longEdge = DEVICE_LARGE_EDGE): Promise<Uint8Array | null> {
  remote ??= Comlink.wrap<HeicWorkerApi>(new HeicWorker({ name: 'heic' }));
  return remote.thumbnail(Comlink.transfer(bytes, [bytes.buffer]), longEdge);
}
