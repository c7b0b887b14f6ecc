import { describe, expect, it } from 'vitest';
import { assignFaces, averageLinkage, centroidOf, cosine, similarityToPerson } from './cluster';

/** Deterministic pseudo-random unit-ish vectors: people are centres, faces are noisy copies. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const rand = rng(42);
const centre = () => Array.from({ length: 64 }, rand);
const noisy = (c: number[], amount: number) => c.map((x) => x + amount * rand());

describe('averageLinkage', () => {
  it('recovers well-separated people and keeps every face exactly once', () => {
    const people = [centre(), centre(), centre()];
    const faces = people.flatMap((c) => [noisy(c, 0.3), noisy(c, 0.3), noisy(c, 0.3)]);
    const groups = averageLinkage(faces, 0.6);
    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
  });

  it('merges nothing above a threshold no pair reaches, and everything below every pair', () => {
    const faces = [centre(), centre(), centre()];
    expect(averageLinkage(faces, 0.99)).toEqual([[0], [1], [2]]);
    expect(averageLinkage(faces, -1)).toEqual([[0, 1, 2]]);
  });

  it('uses the average, not the closest pair: a chain of similar neighbours is not one person', () => {
    // a~b and b~c are similar but a and c are not; average linkage keeps c out of {a,b}.
    const a = [1, 0, 0];
    const b = [1, 1, 0];
    const c = [0, 1, 0.2];
    const [ab, bc, ac] = [cosine(a, b), cosine(b, c), cosine(a, c)];
    expect(ab).toBeGreaterThan(0.7);
    expect(bc).toBeGreaterThan(0.69);
    expect(ac).toBeLessThan(0.1);
    expect(averageLinkage([a, b, c], 0.6)).toHaveLength(2);
  });

  it('never puts two faces of one photo into one person', () => {
    const c = centre();
    const faces = [noisy(c, 0.1), noisy(c, 0.1)];
    expect(averageLinkage(faces, 0.5)).toHaveLength(1);
    expect(averageLinkage(faces, 0.5, ['photo1', 'photo1'])).toHaveLength(2);
  });

  it('handles no input', () => {
    expect(averageLinkage([])).toEqual([]);
  });
});

describe('assignFaces (incremental)', () => {
  it('joins new faces to existing people and forms new people from the rest', () => {
    const [p1, p2] = [centre(), centre()];
    const people = [centroidOf('alice', [noisy(p1, 0.3), noisy(p1, 0.3)])];
    const before = people[0]?.count;
    const out = assignFaces([noisy(p1, 0.3), noisy(p2, 0.3), noisy(p2, 0.3)], people, 0.6);
    expect(out.map((a) => a.personId)).toEqual(['alice', 'new:0', 'new:0']);
    expect(people[0]?.count).toBe((before ?? 0) + 1);
  });

  it('sends two faces of one photo to different people', () => {
    const p1 = centre();
    const people = [centroidOf('alice', [noisy(p1, 0.2)])];
    const twins = [noisy(p1, 0.2), noisy(p1, 0.25)];
    expect(
      assignFaces(
        twins,
        people.map((p) => ({ ...p, sum: p.sum.slice() })),
        0.5,
      ).map((a) => a.personId),
    ).toEqual(['alice', 'alice']);
    const out = assignFaces(twins, people, 0.5, ['photo', 'photo']);
    expect(out.filter((a) => a.personId === 'alice')).toHaveLength(1);
    expect(out.filter((a) => a.personId === 'new:0')).toHaveLength(1);
  });

  it('mean cosine to a person equals the centroid shortcut', () => {
    const members = [centre(), centre(), centre()];
    const face = centre();
    const mean = members.reduce((s, m) => s + cosine(face, m), 0) / members.length;
    expect(similarityToPerson(face, centroidOf('x', members))).toBeCloseTo(mean, 5);
  });
});
