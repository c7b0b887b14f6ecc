import { describe, expect, it } from 'vitest';
import { ProviderRangeReader } from './range-reader';

const file = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

function reader(minRead: number) {
  const requests: [number, number][] = [];
  const r = new ProviderRangeReader(
    async (s, e) => {
      requests.push([s, e]);
      return file.slice(s, e);
    },
    file.length,
    minRead,
  );
  return { r, requests };
}

describe('ProviderRangeReader', () => {
  it('rounds small reads up and serves later reads from what it has', async () => {
    const { r, requests } = reader(300);
    expect(await r.read(0, 10)).toEqual(file.slice(0, 10));
    expect(await r.read(100, 200)).toEqual(file.slice(100, 200));
    expect(requests).toEqual([[0, 300]]);
    expect(r.bytesRead).toBe(300);
  });

  it('fetches only the missing part of a read that overlaps the cache, never past the end', async () => {
    const { r, requests } = reader(300);
    await r.read(0, 10);
    expect(await r.read(250, 400)).toEqual(file.slice(250, 400));
    expect(await r.read(900, 2000)).toEqual(file.slice(900, 1000));
    expect(requests).toEqual([
      [0, 300],
      [300, 600],
      [900, 1000],
    ]);
    expect(r.bytesRead).toBe(700);
  });

  it('does not fetch again what a later chunk holds', async () => {
    const { r, requests } = reader(100);
    await r.read(500, 510);
    expect(await r.read(450, 560)).toEqual(file.slice(450, 560));
    expect(requests).toEqual([
      [500, 600],
      [450, 500],
    ]);
  });

  it('keeps the first I/O failure for the caller', async () => {
    const r = new ProviderRangeReader(async () => {
      throw new Error('reset');
    }, 10);
    await expect(r.read(0, 5)).rejects.toThrow('reset');
    expect(r.ioError).toBeInstanceOf(Error);
  });
});
