import type { JustifiedRow } from '@hypomos/shared/layout/justify';

// The justified layout is shared with the portal's viewer.
export { justifyRows as justify, type JustifiedRow as GridRow } from '@hypomos/shared/layout/justify';

/** The row holding item `index` (binary search). */
export function rowOfItem(rows: JustifiedRow[], index: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.end <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
