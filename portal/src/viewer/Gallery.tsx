import { aspectOf, justifyRows } from '@hypomos/shared/layout/justify';
import type { PublicItem } from '@hypomos/shared/api/public';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { TileFeedback } from './feedback/TileFeedback';
import type { FeedbackControl } from './feedback/useFeedback';
import type { Healing } from './healing';
import { Tile } from './Tile';

const GAP = 4;

/** A gallery client's favourites (proofing): a heart on every tile while they may choose, on their picks after. */
export interface PickControl {
  isPicked(itemId: string): boolean;
  toggle(itemId: string): void;
  /** False once the selection is locked: hearts show the picks but no longer change them. */
  open: boolean;
}

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
  picks,
  feedback,
}: {
  items: PublicItem[];
  onOpen: (index: number) => void;
  heal: Healing;
  picks?: PickControl;
  /** Reaction and comment counts on the tiles. */
  feedback?: FeedbackControl;
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
              {items.slice(row.start, row.end).map((item, k) => {
                const tile = (
                  <Tile
                    key={item.id}
                    item={item}
                    width={aspectOf(item.width, item.height) * row.height}
                    height={row.height}
                    onOpen={() => onOpen(row.start + k)}
                    heal={heal}
                  />
                );
                if (!picks && !feedback) return tile;
                // The heart and the counts are the tile's siblings, not its children: a button cannot hold a button.
                const picked = !!picks?.isPicked(item.id);
                return (
                  <div key={item.id} className="tile-wrap">
                    {tile}
                    {feedback && <TileFeedback itemId={item.id} feedback={feedback} />}
                    {picks && (picks.open || picked) && (
                      <button
                        type="button"
                        className={picked ? 'pick-heart picked' : 'pick-heart'}
                        aria-pressed={picked}
                        aria-label={picked ? 'Remove from favourites' : 'Add to favourites'}
                        disabled={!picks.open}
                        onClick={() => picks.toggle(item.id)}
                        data-testid="pick-heart"
                      >
                        {picked ? '♥' : '♡'}
                      </button>
                    )}
                  </div>
                );
              })}
            </div>
          );
        })}
    </div>
  );
}
