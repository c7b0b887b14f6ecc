import { aspectOf, justifyRows } from '@hypomos/shared/layout/justify';
import type { PublicItem } from '@hypomos/shared/api/public';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Healing } from './healing';
import { Tile } from './Tile';

const GAP = 4;

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * Responsive justified grid over the window scroll. Only the rows near the viewport are in the DOM, so a 10,000-item
 * share costs no more than a screenful of images; thumbnails load as their rows appear.
 */
export function Gallery({
  items,
  onOpen,
  heal,
}: {
  items: PublicItem[];
  onOpen: (index: number) => void;
  heal: Healing;
}) {
  const { ref, width } = useWidth();
  const target = width < 600 ? 140 : 220;
  const rows = useMemo(
    () =>
      justifyRows(
        items.map((i) => aspectOf(i.width, i.height)),
        Math.max(width, 1),
        target,
        GAP,
      ),
    [items, width, target],
  );
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => rows[i]!.height + GAP,
    overscan: 3,
    scrollMargin: ref.current?.offsetTop ?? 0,
  });
  // Row heights change with the width; the virtualizer's cached sizes must follow.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure exactly when the layout changes
  useLayoutEffect(() => virtualizer.measure(), [rows]);
  const total = rows.length ? rows.at(-1)!.top + rows.at(-1)!.height : 0;
  const margin = virtualizer.options.scrollMargin;
  return (
    <div ref={ref} className="gallery" data-total={items.length} style={{ height: total, position: 'relative' }}>
      {width > 0 &&
        virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <div
              key={v.key}
              className="gallery-row"
              style={{ transform: `translateY(${row.top}px)`, height: row.height, top: 0, gap: GAP }}
              data-row={v.index}
              data-offset={v.start - margin}
            >
              {items.slice(row.start, row.end).map((item, k) => (
                <Tile
                  key={item.id}
                  item={item}
                  width={aspectOf(item.width, item.height) * row.height}
                  height={row.height}
                  onOpen={() => onOpen(row.start + k)}
                  heal={heal}
                />
              ))}
            </div>
          );
        })}
    </div>
  );
}
