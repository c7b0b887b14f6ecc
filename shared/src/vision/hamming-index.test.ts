import { describe, expect, it } from 'vitest';
import { type Hash64, HammingIndex, hamming64, parseHash64, popcount32, suggestedBlocks } from './hamming-index';
import { hamming } from './phash';
import { seeded } from './hash-fixtures';

const hex = (h: Hash64) => h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

function flip(h: Hash64, bits: number, next: () => number): Hash64 {
  let { hi, lo } = h;
  for (let i = 0; i < bits; i++) {
    const b = next() % 64;
    if (b < 32) hi = (hi ^ (1 << b)) >>> 0;
    else lo = (lo ^ (1 << (b - 32))) >>> 0;
  }
  return { hi, lo };
}

describe('64-bit hashes', () => {
  it('parses 16 hex digits and nothing else', () => {
    expect(parseHash64('80000000000000ff')).toEqual({ hi: 0x80000000, lo: 0xff });
    expect(parseHash64('ABCDEF0123456789')).toEqual({ hi: 0xabcdef01, lo: 0x23456789 });
    for (const bad of ['', '123', '0123456789abcdeg', '0123456789abcdef0', ' 0123456789abcde'])
      expect(parseHash64(bad)).toBeNull();
  });

  it('counts differing bits like the hex-string distance', () => {
    const next = seeded(7);
    for (let i = 0; i < 500; i++) {
      const a = { hi: next(), lo: next() };
      const b = flip(a, next() % 20, next);
      expect(hamming64(a, b)).toBe(hamming(hex(a), hex(b)));
    }
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0)).toBe(0);
  });
});

describe('Hamming index', () => {
  /** Clusters of bit-flipped copies around random centres, plus loners: what a photo library's hashes look like. */
  function library(seed: number, n: number): Hash64[] {
    const next = seeded(seed);
    const out: Hash64[] = [];
    while (out.length < n) {
      const centre = { hi: next(), lo: next() };
      out.push(centre);
      const copies = next() % 4;
      for (let c = 0; c < copies && out.length < n; c++) out.push(flip(centre, next() % 14, next));
    }
    return out;
  }

  for (const blocks of [2, 3, 4, 5, 7, 11, 64]) {
    it(`finds exactly the hashes a full scan finds, with ${blocks} blocks`, () => {
      const hashes = library(blocks, 600);
      const index = new HammingIndex({ blocks });
      for (const [i, h] of hashes.entries()) index.add(i, h);
      // Few blocks at a large radius enumerate millions of block values: correct but slow, so not tried here.
      for (const radius of [0, 3, 8, 10, 12].filter((r) => Math.floor(r / blocks) <= 3)) {
        for (let q = 0; q < hashes.length; q += 7) {
          const query = hashes[q] as Hash64;
          const found: [number, number][] = [];
          index.search(query, radius, (owner, d) => found.push([owner, d]));
          const expected = hashes.flatMap((h, i): [number, number][] =>
            hamming64(h, query) <= radius ? [[i, hamming64(h, query)]] : [],
          );
          expect(found.sort((a, b) => a[0] - b[0])).toEqual(expected);
        }
      }
    });
  }

  it('forgets every hash of a removed owner and reports each matching hash of an owner', () => {
    const index = new HammingIndex({ blocks: 4 });
    const a = parseHash64('0000000000000000') as Hash64;
    const b = parseHash64('0000000000000003') as Hash64;
    index.add(1, a);
    index.add(1, b);
    index.add(2, b);
    const owners = () => {
      const out: number[] = [];
      index.search(a, 2, (o) => out.push(o));
      return out.sort();
    };
    expect(owners()).toEqual([1, 1, 2]);
    index.remove(1);
    expect(owners()).toEqual([2]);
    expect(index.size).toBe(1);
    index.remove(9);
    expect(owners()).toEqual([2]);
  });

  it('rejects a block count it cannot use', () => {
    expect(() => new HammingIndex({ blocks: 1 })).toThrow(/blocks must be an integer from 2 to 64/);
    expect(() => new HammingIndex({ blocks: 2.5 })).toThrow(/blocks/);
  });

  it('suggests fewer, wider blocks as the index grows, never more than radius + 1', () => {
    expect(suggestedBlocks(10, 10)).toBe(11);
    expect(suggestedBlocks(100_000, 10)).toBe(4);
    expect(suggestedBlocks(1_800_000, 8)).toBe(3);
    expect(suggestedBlocks(100_000, 1)).toBe(2);
  });
});
