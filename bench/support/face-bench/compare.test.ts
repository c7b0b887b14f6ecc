import { describe, expect, it } from 'vitest';
import { agreement, largest, matchFaces } from './compare';
import type { Face } from './protocol';

const face = (x: number, y: number, w: number, h = w): Face => ({ box: [x, y, w, h], score: 0.9 });

describe('face detector comparison', () => {
  it('pairs a tight box with the grown box around the same face, once', () => {
    const tight = face(40, 40, 20);
    const grown = face(36, 36, 28);
    expect(matchFaces([tight], [grown])).toBe(1);
    expect(matchFaces([tight, face(41, 41, 18)], [grown])).toBe(1);
  });

  it('does not pair faces whose centres lie outside each other', () => {
    expect(matchFaces([face(0, 0, 20)], [face(15, 15, 20)])).toBe(0);
  });

  it('scores agreement over images, counting faces only one detector found', () => {
    const a = agreement([
      { a: [face(0, 0, 20), face(100, 0, 20)], b: [face(2, 2, 18)] },
      { a: [], b: [] },
    ]);
    expect(a.faceJaccard).toBeCloseTo(1 / 2);
    expect(a.sameCount).toBe(1);
  });

  it('keeps the largest face of a crop', () => {
    expect(largest([face(0, 0, 10), face(0, 0, 30), face(0, 0, 20)])?.box[2]).toBe(30);
  });
});
