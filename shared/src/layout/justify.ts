/** One row of a justified grid: items [start, end) scaled to a common height that fills the width. */
export interface JustifiedRow {
  start: number;
  end: number;
  height: number;
  top: number;
}

/**
 * Justified layout (as in Flickr and Google Photos): fill a row at the target height until it is wider than the
 * container, then scale it down so it spans the width exactly. A row is never taller than 1.6× the target (a lone
 * panorama stays short), and the last, unfilled row keeps the target height. O(n), pure.
 */
export function justifyRows(
  aspects: ArrayLike<number>,
  width: number,
  targetHeight: number,
  gap: number,
): JustifiedRow[] {
  const rows: JustifiedRow[] = [];
  let start = 0;
  let sum = 0;
  let top = 0;
  const maxHeight = targetHeight * 1.6;
  for (let i = 0; i < aspects.length; i++) {
    sum += aspects[i]!;
    const count = i - start + 1;
    if (sum * targetHeight + gap * (count - 1) >= width) {
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

/** Aspect ratio for layout; unknown or absurd dimensions fall back to 4:3 so one bad item cannot break a row. */
export function aspectOf(width: number | null, height: number | null): number {
  if (!width || !height) return 4 / 3;
  return Math.min(5, Math.max(0.2, width / height));
}

/** A justified row that may open a group (a month of the timeline) with a header above its tiles. */
export interface GroupedRow extends JustifiedRow {
  /** The group's label on its first row; the header's height is part of the row, above the tiles. */
  header: string | null;
  headerHeight: number;
}

/**
 * Justified rows that never mix two groups: each run of equal `groupOf` values (items come sorted) is laid
 * out on its own, and its first row carries the group's header. `top` includes the headers above.
 */
export function justifyGroups(
  aspects: ArrayLike<number>,
  groupOf: (index: number) => string,
  width: number,
  targetHeight: number,
  gap: number,
  headerHeight: number,
): GroupedRow[] {
  const rows: GroupedRow[] = [];
  let top = 0;
  let start = 0;
  while (start < aspects.length) {
    const group = groupOf(start);
    let end = start + 1;
    while (end < aspects.length && groupOf(end) === group) end++;
    const part = justifyRows(Array.prototype.slice.call(aspects, start, end) as number[], width, targetHeight, gap);
    part.forEach((row, j) => {
      const header = j === 0 ? group : null;
      const h = header === null ? 0 : headerHeight;
      rows.push({ start: row.start + start, end: row.end + start, height: row.height, top, header, headerHeight: h });
      top += h + row.height + gap;
    });
    start = end;
  }
  return rows;
}
