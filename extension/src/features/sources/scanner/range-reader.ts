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
  private readonly chunks: { start: number; data: Uint8Array }[] = [];

  constructor(
    private readonly fetchRange: (start: number, end: number) => Promise<Uint8Array>,
    readonly size: number | null,
    private readonly minRead = 0,
  ) {}

  static over(provider: Provider, ref: ProviderItemRef, size: number | null, wrap: <T>(task: () => Promise<T>) => Promise<T>, minRead = 0) {
    return new ProviderRangeReader((start, end) => wrap(() => provider.readRange(ref, start, end)), size, minRead);
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const stop = this.size === null ? end : Math.min(end, this.size);
    if (start < 0 || stop <= start) return new Uint8Array(0);
    const cached = this.chunks.find((c) => c.start <= start && c.start + c.data.length >= stop);
    if (cached) return cached.data.subarray(start - cached.start, stop - cached.start);
    const want = Math.max(stop, start + this.minRead);
    const fetchEnd = this.size === null ? want : Math.min(want, this.size);
    this.requests++;
    const data = await this.fetchRange(start, fetchEnd);
    this.bytesRead += data.length;
    this.chunks.push({ start, data });
    return data.subarray(0, Math.min(data.length, stop - start));
  }
}
