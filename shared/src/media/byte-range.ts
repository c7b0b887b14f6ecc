/**
 * One HTTP Range request (RFC 9110 §14.1.2) answered as a 206 slice of at most `maxChunk` bytes: a media
 * element asks `bytes=0-` and then follows the Content-Range it gets, so an open range may be cut short.
 */
export interface ByteSlice {
  start: number;
  /** Exclusive. */
  end: number;
}

/** The slice to send for `header` over a file of `size` bytes; null when unsatisfiable (answer 416). */
export function sliceFor(header: string | null, size: number, maxChunk: number): ByteSlice | null {
  if (size <= 0) return null;
  if (!header) return { start: 0, end: Math.min(size, maxChunk) };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or garbage: not supported
  let start: number;
  let last: number;
  if (m[1] === '') {
    // bytes=-N: the last N bytes
    start = Math.max(0, size - Number(m[2]));
    last = size - 1;
  } else {
    start = Number(m[1]);
    last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || last < start) return null;
  return { start, end: Math.min(last + 1, start + maxChunk) };
}

export const contentRange = (slice: ByteSlice, size: number) => `bytes ${slice.start}-${slice.end - 1}/${size}`;
