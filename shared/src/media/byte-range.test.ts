import { describe, expect, it } from 'vitest';
import { contentRange, sliceFor } from './byte-range';

describe('sliceFor (one Range request, RFC 9110 §14.1.2)', () => {
  const MiB = 1024 * 1024;
  it('an open range from the start is cut to the chunk size', () => {
    expect(sliceFor('bytes=0-', 10 * MiB, 2 * MiB)).toEqual({ start: 0, end: 2 * MiB });
  });
  it('a closed range inside the file is answered exactly', () => {
    expect(sliceFor('bytes=100-199', 1000, MiB)).toEqual({ start: 100, end: 200 });
  });
  it('a range past the end is clipped to the file', () => {
    expect(sliceFor('bytes=900-5000', 1000, MiB)).toEqual({ start: 900, end: 1000 });
  });
  it('a suffix range gives the last bytes (where MP4 players look for moov)', () => {
    expect(sliceFor('bytes=-100', 1000, MiB)).toEqual({ start: 900, end: 1000 });
  });
  it('no header: the first chunk', () => {
    expect(sliceFor(null, 1000, 300)).toEqual({ start: 0, end: 300 });
  });
  it('unsatisfiable or unsupported ranges answer null (416)', () => {
    expect(sliceFor('bytes=1000-', 1000, MiB)).toBeNull();
    expect(sliceFor('bytes=0-1,5-9', 1000, MiB)).toBeNull();
    expect(sliceFor('items=0-1', 1000, MiB)).toBeNull();
    expect(sliceFor('bytes=-', 1000, MiB)).toBeNull();
    expect(sliceFor('bytes=0-', 0, MiB)).toBeNull();
  });
  it('Content-Range names the inclusive last byte and the size', () => {
    expect(contentRange({ start: 0, end: 100 }, 1000)).toBe('bytes 0-99/1000');
  });
});
