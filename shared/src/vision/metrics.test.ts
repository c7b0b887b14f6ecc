import { describe, expect, it } from 'vitest';
import { pairwiseScores, purityAndRecall } from './metrics';

describe('clustering metrics', () => {
  it('scores pairs against the truth', () => {
    const s = pairwiseScores(
      [['a', 'b', 'c'], ['d']],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    );
    expect(s).toMatchObject({ truePairs: 2, predictedPairs: 3, correctPairs: 1 });
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(1 / 2);
    expect(s.f1).toBeCloseTo(0.4);
  });

  it('computes purity and cluster recall', () => {
    const label = (x: string) => x[0] as string;
    const r = purityAndRecall([['a1', 'a2', 'b1'], ['b2'], ['a3']], label);
    expect(r.purity).toBeCloseTo(4 / 5);
    expect(r.recall).toBeCloseTo(3 / 5);
  });
});
