import * as Comlink from 'comlink';
import { hashFile } from './hash-file';

/** Hashing off the page's main thread: a 10,000-file import keeps the Import page responsive. */
const api = { hash: (file: Blob) => hashFile(file) };
export type HashWorkerApi = typeof api;
Comlink.expose(api);
