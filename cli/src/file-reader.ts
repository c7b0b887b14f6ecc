import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { RangeReader } from '@hypomos/shared/metadata/range-reader';

/** The CLI's RangeReader: positional reads on an open file handle, the local twin of an HTTP Range request. */
export class FileRangeReader implements RangeReader {
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async read(start: number, end: number): Promise<Uint8Array> {
    const length = Math.max(0, Math.min(end, this.size) - start);
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }
}

/** SHA-256 of a whole file, streamed so large videos never sit in memory. */
export function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024, signal });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
