import { describe, expect, it } from 'vitest';
import { shuffled } from '../slideshow';
import { moveKey } from './collections';

describe('static collection order', () => {
  it('moves one item to a new place', () => {
    expect(moveKey(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveKey(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveKey(['a', 'b'], 1, 9)).toEqual(['a', 'b']);
    expect(moveKey(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });
});

describe('slideshow shuffle', () => {
  it('is a permutation driven by the injected random source', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const seq = [0.9, 0.1, 0.5, 0.3];
    let i = 0;
    const out = shuffled(keys, () => seq[i++ % seq.length]!);
    expect([...out].sort()).toEqual(keys);
    expect(out).not.toEqual(keys);
    i = 0;
    expect(shuffled(keys, () => seq[i++ % seq.length]!)).toEqual(out);
  });
});
