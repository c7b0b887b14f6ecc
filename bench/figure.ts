/** One benchmark figure; `baseline` is measured in the same run, `ratio` = value / baseline. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  goal: string | null;
  note?: string;
  /** When this figure was measured (a partial run keeps older figures with their own date). */
  measured?: string;
}

export function figure(
  name: string,
  value: number | null,
  unit: string,
  baseline: number | null,
  goal: string | null,
  note?: string,
): Figure {
  const ratio = value !== null && baseline !== null && baseline !== 0 ? Number((value / baseline).toFixed(3)) : null;
  return {
    name,
    value: value === null ? null : Number(value.toFixed(3)),
    unit,
    baseline: baseline === null ? null : Number(baseline.toFixed(3)),
    ratio,
    goal,
    ...(note ? { note } : {}),
  };
}

/** p-quantile (0..1) of numbers, nearest-rank. */
export function quantile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}
