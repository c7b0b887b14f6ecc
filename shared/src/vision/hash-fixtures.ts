/**
 * Seeded 64-bit hash material for tests and benchmarks of duplicate search: the same "library" every run, so a
 * failing case can be replayed. Not used by the product.
 */

/** mulberry32: a small seeded generator of unsigned 32-bit integers. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A random 64-bit hash as 16 hex digits. */
export const randomHash = (next: () => number) =>
  next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0');

/** The hash with `bits` random bit positions flipped (a position may be drawn twice, so up to `bits` differ). */
export function flipBits(hash: string, bits: number, next: () => number): string {
  const digits = hash.split('').map((d) => Number.parseInt(d, 16));
  for (let i = 0; i < bits; i++) {
    const b = next() % 64;
    digits[b >> 2] = (digits[b >> 2] as number) ^ (8 >> (b & 3));
  }
  return digits.map((d) => d.toString(16)).join('');
}
