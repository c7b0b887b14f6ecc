import { describe, expect, it } from 'vitest';
import { batches, type PublishedEntry, planPublish } from './publish-plan';

const plan = (
  matching: string[],
  published: PublishedEntry[],
  opts: { excluded?: string[]; review?: boolean; retryFailed?: boolean } = {},
) =>
  planPublish({
    matching,
    published,
    excluded: new Set(opts.excluded ?? []),
    review: opts.review ?? false,
    retryFailed: opts.retryFailed ?? false,
  });

describe('planPublish', () => {
  it('publishes new matches and nothing already out', () => {
    const p = plan(['a', 'b', 'c'], [{ itemKey: 'a', state: 'published' }]);
    expect(p).toEqual({ publish: ['b', 'c'], toReview: [], withdraw: [], drop: [] });
  });

  it('withdraws what no longer matches, including pending rows that may have reached the portal before a stop', () => {
    const p = plan(
      ['a'],
      [
        { itemKey: 'a', state: 'published' },
        { itemKey: 'b', state: 'published' },
        { itemKey: 'c', state: 'pending' },
        { itemKey: 'd', state: 'withdrawn' },
      ],
    );
    expect(p.withdraw).toEqual(['b', 'c']);
    expect(p.publish).toEqual([]);
    expect(p.drop).toEqual([]);
  });

  it('drops local-only rows (review, failed) that stop matching', () => {
    const p = plan(
      [],
      [
        { itemKey: 'r', state: 'review' },
        { itemKey: 'f', state: 'failed' },
      ],
    );
    expect(p.drop.sort()).toEqual(['f', 'r']);
    expect(p.withdraw).toEqual([]);
  });

  it('never shares excluded items (unwanted, tombstoned) and withdraws them if they were out', () => {
    const p = plan(['a', 'b'], [{ itemKey: 'a', state: 'published' }], { excluded: ['a', 'b'] });
    expect(p.publish).toEqual([]);
    expect(p.withdraw).toEqual(['a']);
  });

  it('sends new matches to review when the sharer reviews, but keeps approved ones out', () => {
    const p = plan(
      ['a', 'b'],
      [
        { itemKey: 'a', state: 'published' },
        { itemKey: 'b', state: 'review' },
      ],
      { review: true },
    );
    expect(p.toReview).toEqual([]);
    expect(plan(['a', 'c'], [{ itemKey: 'a', state: 'published' }], { review: true }).toReview).toEqual(['c']);
  });

  it('retries failures only when asked, and re-publishes an item matching again after a withdrawal', () => {
    const rows: PublishedEntry[] = [
      { itemKey: 'f', state: 'failed' },
      { itemKey: 'w', state: 'withdrawn' },
      { itemKey: 'x', state: 'withdrawing' },
    ];
    expect(plan(['f', 'w', 'x'], rows).publish).toEqual(['w', 'x']);
    expect(plan(['f', 'w', 'x'], rows, { retryFailed: true }).publish).toEqual(['f', 'w', 'x']);
  });
});

describe('batches', () => {
  it('splits into batches of at most the given size', () => {
    const list = Array.from({ length: 1201 }, (_, i) => i);
    expect(batches(list, 500).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batches([], 500)).toEqual([]);
  });
  it('refuses a size that is not a positive integer', () => {
    expect(() => batches([1], 0)).toThrow(/positive integer/);
  });
});
