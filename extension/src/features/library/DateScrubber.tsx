import { type PointerEvent, type RefObject, useEffect, useMemo, useState } from 'react';
import { captureMonthKey } from '@hypomos/shared/index/capture-date';
import type { CatalogItem } from './catalog';
import { type GridRow, rowOfItem } from './layout';

interface Mark {
  label: string;
  year: string;
  top: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthOf = captureMonthKey;

/** The first row of every month, as scroll offsets. */
export function monthMarks(items: CatalogItem[], rows: GridRow[]): Mark[] {
  const marks: Mark[] = [];
  let last = '';
  for (let i = 0; i < items.length; i++) {
    const m = monthOf(items[i]!.takenAt);
    if (m === last) continue;
    last = m;
    const row = rows[rowOfItem(rows, i)]!;
    if (marks.at(-1)?.top === row.top) continue;
    marks.push({ label: `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`, year: m.slice(0, 4), top: row.top });
  }
  return marks;
}

/** A vertical bar of years; drag or click to jump to a month, with the date under the pointer shown. */
export function DateScrubber(props: {
  items: CatalogItem[];
  rows: GridRow[];
  totalHeight: number;
  scrollEl: RefObject<HTMLDivElement | null>;
  onJump: (top: number) => void;
}) {
  const { items, rows, totalHeight, scrollEl, onJump } = props;
  const marks = useMemo(() => monthMarks(items, rows), [items, rows]);
  const [hover, setHover] = useState<string | null>(null);
  const [current, setCurrent] = useState<string>(marks[0]?.label ?? '');
  useEffect(() => {
    const el = scrollEl.current;
    if (!el) return;
    const onScroll = () => {
      const top = el.scrollTop;
      let m = marks[0];
      for (const mark of marks) {
        if (mark.top > top) break;
        m = mark;
      }
      if (m) setCurrent(m.label);
    };
    onScroll();
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [marks, scrollEl]);

  const markAt = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const y = ((e.clientY - box.top) / box.height) * totalHeight;
    let m = marks[0];
    for (const mark of marks) {
      if (mark.top > y) break;
      m = mark;
    }
    return m;
  };
  const years = marks.filter((m, i) => i === 0 || marks[i - 1]!.year !== m.year);
  return (
    <div
      className="scrubber"
      data-testid="scrubber"
      aria-label="Jump to a date"
      onPointerMove={(e) => {
        const m = markAt(e);
        setHover(m?.label ?? null);
        if (e.buttons === 1 && m) onJump(m.top);
      }}
      onPointerLeave={() => setHover(null)}
      onPointerDown={(e) => {
        const m = markAt(e);
        if (m) onJump(m.top);
      }}
    >
      <div className="scrubber-current" data-testid="scrubber-current">
        {hover ?? current}
      </div>
      {years.map((m) => (
        <button
          type="button"
          key={m.year}
          className="scrubber-year"
          style={{ top: `${(m.top / Math.max(1, totalHeight)) * 100}%` }}
          onClick={() => onJump(m.top)}
        >
          {m.year}
        </button>
      ))}
    </div>
  );
}
