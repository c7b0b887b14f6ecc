import type { Box, Face } from './protocol';

/** Pure comparisons between the two detectors' faces on one image. */

const centre = (b: Box) => [b[0] + b[2] / 2, b[1] + b[3] / 2] as const;
const inside = (p: readonly [number, number], b: Box) =>
  p[0] >= b[0] && p[0] <= b[0] + b[2] && p[1] >= b[1] && p[1] <= b[1] + b[3];

/**
 * Pairs faces found by both detectors: a pair is two boxes each holding the other's centre. Human reports its boxes
 * grown 1.4× and squared, MediaPipe tight ones, so overlap ratios would understate agreement; centres do not.
 * Greedy, one partner per face.
 */
export function matchFaces(a: readonly Face[], b: readonly Face[]): number {
  const used = new Set<number>();
  let matched = 0;
  for (const fa of a) {
    const j = b.findIndex((fb, i) => !used.has(i) && inside(centre(fa.box), fb.box) && inside(centre(fb.box), fa.box));
    if (j >= 0) {
      used.add(j);
      matched++;
    }
  }
  return matched;
}

export interface Agreement {
  /** Faces both found / faces either found (1 when neither found any). */
  faceJaccard: number;
  /** Images where both found the same number of faces. */
  sameCount: number;
  images: number;
}

export function agreement(pairs: readonly { a: readonly Face[]; b: readonly Face[] }[]): Agreement {
  let both = 0;
  let either = 0;
  let sameCount = 0;
  for (const { a, b } of pairs) {
    const m = matchFaces(a, b);
    both += m;
    either += a.length + b.length - m;
    if (a.length === b.length) sameCount++;
  }
  return { faceJaccard: either === 0 ? 1 : both / either, sameCount, images: pairs.length };
}

/** The largest face (by area): the one a crop is about, as the clustering bench keeps it. */
export function largest<T extends { box: Box }>(faces: readonly T[]): T | undefined {
  return [...faces].sort((x, y) => y.box[2] * y.box[3] - x.box[2] * x.box[3])[0];
}
