import type { RangeReader } from './range-reader';

/** Thrown when a file's structure is broken or would make us read absurd amounts; the message becomes `error`. */
export class MetadataError extends Error {
  override name = 'MetadataError';
}

/** Wraps a reader and counts what it returns, so callers can report bytes read and round trips. */
export class CountingReader implements RangeReader {
  bytesRead = 0;
  reads = 0;
  constructor(private readonly inner: RangeReader) {}
  get size(): number | null {
    return this.inner.size;
  }
  async read(start: number, end: number): Promise<Uint8Array> {
    const bytes = await this.inner.read(start, end);
    this.reads += 1;
    this.bytesRead += bytes.byteLength;
    return bytes;
  }
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
}

/**
 * Caches what was read and widens small reads to `minRead`, because one round trip of 16 KiB costs about the
 * same as one of 16 bytes over HTTP. Parsers ask for exact ranges; this decides what actually hits the reader.
 * `budget` caps the total so a hostile header cannot make us download a whole file.
 */
export class ByteSource {
  private readonly chunks: Chunk[] = [];
  private spent = 0;

  constructor(
    private readonly reader: RangeReader,
    readonly size: number | null,
    private readonly minRead = 16 * 1024,
    private readonly budget = 24 * 1024 * 1024,
  ) {}

  /** Cached bytes [start, end) or null; never reads. */
  peek(start: number, end: number): Uint8Array | null {
    for (const c of this.chunks) {
      if (start >= c.start && end <= c.start + c.bytes.byteLength)
        return c.bytes.subarray(start - c.start, end - c.start);
    }
    return null;
  }

  /** Bytes [start, end), shorter only at end of file. */
  async get(start: number, end: number): Promise<Uint8Array> {
    if (start < 0 || end < start || !Number.isFinite(end)) throw new MetadataError(`bad range ${start}-${end}`);
    const limit = this.size ?? Number.POSITIVE_INFINITY;
    const clippedEnd = Math.min(end, limit);
    if (start >= clippedEnd) return new Uint8Array(0);
    const cached = this.peek(start, clippedEnd);
    if (cached) return cached;
    // When a cached chunk holds the start of the range, fetch only the missing tail and join them.
    const prefix = this.chunks.find((c) => start >= c.start && start < c.start + c.bytes.byteLength);
    const from = prefix ? prefix.start + prefix.bytes.byteLength : start;
    const readEnd = Math.min(limit, Math.max(clippedEnd, from + this.minRead));
    if (this.spent + (readEnd - from) > this.budget) throw new MetadataError('metadata larger than the read budget');
    const tail = await this.reader.read(from, readEnd);
    this.spent += tail.byteLength;
    let bytes = tail;
    if (prefix) {
      bytes = new Uint8Array(from - start + tail.byteLength);
      bytes.set(prefix.bytes.subarray(start - prefix.start));
      bytes.set(tail, from - start);
    }
    this.chunks.push({ start, bytes });
    return bytes.subarray(0, Math.min(bytes.byteLength, clippedEnd - start));
  }

  /** Like get, but a short read is an error (the structure points past the end of the file). */
  async need(start: number, end: number): Promise<Uint8Array> {
    const bytes = await this.get(start, end);
    if (bytes.byteLength < end - start) throw new MetadataError(`truncated file: needed bytes ${start}-${end}`);
    return bytes;
  }
}

export const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
export const ascii = (b: Uint8Array, start: number, end: number) => {
  let s = '';
  for (let i = start; i < Math.min(end, b.byteLength); i++) s += String.fromCharCode(b[i] as number);
  return s;
};
export const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);
