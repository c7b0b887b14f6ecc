import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CountingReader } from './byte-source';
import type { RangeReader } from './range-reader';

/** Test helpers: real files from ../shared/corpora (read, never copied into the repo) behind a counting reader. */
export const corpora = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');
export const corpusFile = (path: string) => new Uint8Array(readFileSync(resolve(corpora, path)));

export function memoryReader(bytes: Uint8Array): CountingReader {
  const inner: RangeReader = {
    size: bytes.byteLength,
    read: async (s, e) => bytes.slice(s, Math.min(e, bytes.byteLength)),
  };
  return new CountingReader(inner);
}
