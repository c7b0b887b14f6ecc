import type { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import { LocalHasher } from '@hypomos/shared/import/local-hashes';
import type { RangeReader } from '@hypomos/shared/metadata/range-reader';

/** Bytes read per step while hashing: memory stays at one chunk per file whatever the file's size. */
export const HASH_CHUNK = 4 * 1024 * 1024;

/** Every hash of a picked file in one pass over File.slice chunks (runs in hash.worker.ts). */
export async function hashFile(file: Blob, chunk = HASH_CHUNK): Promise<LocalHashes> {
  const hasher = await LocalHasher.create();
  for (let at = 0; at < file.size; at += chunk)
    hasher.update(new Uint8Array(await file.slice(at, at + chunk).arrayBuffer()));
  return hasher.digest();
}

/** The metadata pipeline's view of a local file: the same RangeReader the scanner gives it over HTTP. */
export function blobReader(file: Blob): RangeReader & { bytesRead: number } {
  return {
    size: file.size,
    bytesRead: 0,
    async read(start, end) {
      const bytes = new Uint8Array(await file.slice(start, Math.min(end, file.size)).arrayBuffer());
      this.bytesRead += bytes.length;
      return bytes;
    },
  };
}
