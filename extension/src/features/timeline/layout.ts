/** One row of the justified grid: items [start, end) scaled to a common height that fills the width. */
export interface GridRow {
  start: number;
  end: number;
  height: number;
  top: number;
}

/**
 * Justified layout (as in Flickr and Google Photos): fill rows at the target height, then scale each
 * full row so it spans the width exactly. The last row keeps the target height. O(n), pure.
 */
export function justify(aspects: ArrayLike<number>, width: number, targetHeight: number, gap: number): GridRow[] {
  const rows: GridRow[] = [];
  let start = 0;
  let sum = 0;
  let top = 0;
  const maxHeight = targetHeight * 1.6;
  for (let i = 0; i < aspects.length; i++) {
    sum += aspects[i]!;
    const count = i - start + 1;
    const rowWidth = sum * targetHeight + gap * (count - 1);
    if (rowWidth >= width) {
      const height = Math.min(maxHeight, (width - gap * (count - 1)) / sum);
      rows.push({ start, end: i + 1, height, top });
      top += height + gap;
      start = i + 1;
      sum = 0;
    }
  }
  if (start < aspects.length) rows.push({ start, end: aspects.length, height: targetHeight, top });
  return rows;
}

/** The row holding item `index` (binary search). */
export function rowOfItem(rows: GridRow[], index: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.end <= index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
