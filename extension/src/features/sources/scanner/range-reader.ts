import type { RangeReader } from '@hypomos/shared/metadata/range-reader';
import type { Provider, ProviderItemRef } from '@hypomos/shared/providers/provider';

/**
 * A RangeReader over a provider's HTTP Range reads. It keeps what it fetched, so the parser asking for
 * overlapping ranges costs no extra round trip, and it counts the bytes that came over the network.
 * `minRead` rounds small reads up: one 64 KiB request is cheaper than four 16 KiB ones.
 */
export class ProviderRangeReader implements RangeReader {
  bytesRead = 0;
  requests = 0;
  /**
   * The first failure of a read. The metadata parser turns any read failure into a per-file `error`;
   * the scanner checks this afterwards so throttling, sign-in and network failures are handled as
   * such instead of being recorded as an unreadable file.
   */
  ioError: unknown = null;
  private readonly chunks: { start: number; data: Uint8Array }[] = [];

  constructor(
    private readonly fetchRange: (start: number, end: number) => Promise<Uint8Array>,
    readonly size: number | null,
    private readonly minRead = 0,
  ) {}

  static over(
    provider: Provider,
    ref: ProviderItemRef,
    size: number | null,
    wrap: <T>(task: () => Promise<T>) => Promise<T>,
    minRead = 0,
  ) {
    return new ProviderRangeReader((start, end) => wrap(() => provider.readRange(ref, start, end)), size, minRead);
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const stop = this.size === null ? end : Math.min(end, this.size);
    if (start < 0 || stop <= start) return new Uint8Array(0);
    // Serve what is cached; fetch only the missing tail (a parser often reads just past its first read).
    const parts: Uint8Array[] = [];
    let at = start;
    while (at < stop) {
      const chunk = this.chunks.find((c) => c.start <= at && c.start + c.data.length > at);
      if (chunk) {
        const piece = chunk.data.subarray(at - chunk.start, Math.min(chunk.data.length, stop - chunk.start));
        parts.push(piece);
        at += piece.length;
        continue;
      }
      const data = await this.fetch(at, stop);
      if (data.length === 0) break; // end of file before `stop`
      parts.push(data.subarray(0, stop - at));
      at += Math.min(data.length, stop - at);
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(at - start);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private async fetch(start: number, stop: number): Promise<Uint8Array> {
    const next = this.chunks
      .filter((c) => c.start > start)
      .reduce((min, c) => Math.min(min, c.start), Number.POSITIVE_INFINITY);
    const want = Math.min(Math.max(stop, start + this.minRead), next);
    const fetchEnd = this.size === null ? want : Math.min(want, this.size);
    this.requests++;
    let data: Uint8Array;
    try {
      data = await this.fetchRange(start, fetchEnd);
    } catch (error) {
      this.ioError ??= error;
      throw error;
    }
    this.bytesRead += data.length;
    this.chunks.push({ start, data });
    return data;
  }
}
