import { describe, expect, it } from 'vitest';
import { aspectOf, justifyGroups, justifyRows } from './justify';

describe('justifyRows', () => {
  it('fills every full row to the container width exactly', () => {
    const aspects = [1.5, 0.75, 1, 1.33, 1.5, 2, 0.66, 1, 1.5];
    const rows = justifyRows(aspects, 1000, 200, 4);
    for (const row of rows.slice(0, -1)) {
      const sum = aspects.slice(row.start, row.end).reduce((a, b) => a + b, 0);
      expect(sum * row.height + 4 * (row.end - row.start - 1)).toBeCloseTo(1000, 6);
      expect(row.height).toBeLessThanOrEqual(200);
    }
  });

  it('covers every item once, in order, with rows stacked by their heights', () => {
    const aspects = Array.from({ length: 1000 }, (_, i) => [1.5, 0.66, 1, 1.78][i % 4]!);
    const rows = justifyRows(aspects, 1280, 220, 4);
    expect(rows[0]!.start).toBe(0);
    expect(rows.at(-1)!.end).toBe(1000);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.start).toBe(rows[i - 1]!.end);
      expect(rows[i]!.top).toBeCloseTo(rows[i - 1]!.top + rows[i - 1]!.height + 4, 6);
    }
  });

  it('keeps the unfilled last row at the target height and caps a lone panorama row', () => {
    expect(justifyRows([1], 1000, 200, 4)).toEqual([{ start: 0, end: 1, height: 200, top: 0 }]);
    const [row] = justifyRows([5.2], 300, 200, 4);
    expect(row!.height).toBeCloseTo(300 / 5.2, 6);
    expect(justifyRows([], 1000, 200, 4)).toEqual([]);
  });
});

describe('aspectOf', () => {
  it('falls back to 4:3 for missing dimensions and clamps extremes', () => {
    expect(aspectOf(null, 300)).toBeCloseTo(4 / 3);
    expect(aspectOf(4000, 3000)).toBeCloseTo(4 / 3);
    expect(aspectOf(10_000, 10)).toBe(5);
    expect(aspectOf(10, 10_000)).toBe(0.2);
  });
});

describe('justifyGroups', () => {
  const aspects = [1.5, 1.5, 1.5, 1.5, 1.5, 0.75, 0.75, 1, 1];
  const months = ['2024-03', '2024-03', '2024-03', '2024-03', '2024-03', '2024-02', '2024-02', '2012-08', '2012-08'];
  const rows = justifyGroups(aspects, (i) => months[i]!, 1000, 200, 4, 40);

  it('no row holds items of two groups, and each group opens with its header', () => {
    for (const row of rows) expect(new Set(months.slice(row.start, row.end)).size).toBe(1);
    expect(rows.filter((r) => r.header).map((r) => r.header)).toEqual(['2024-03', '2024-02', '2012-08']);
    for (const row of rows) expect(row.header === months[row.start] || row.header === null).toBe(true);
  });

  it('covers every item once, and tops count the headers above', () => {
    expect(rows.flatMap((r) => Array.from({ length: r.end - r.start }, (_, k) => r.start + k))).toEqual(
      aspects.map((_, i) => i),
    );
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1]!;
      expect(rows[i]!.top).toBeCloseTo(prev.top + prev.headerHeight + prev.height + 4, 6);
    }
  });
});
