import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  memo,
  type MouseEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { CatalogItem } from './catalog';
import { type GroupedRow, justifyGroups } from '@hypomos/shared/layout/justify';
import { justify, rowOfItem } from './layout';
import { DateScrubber } from './DateScrubber';
import { clickSelect, keySelect, type SelectionState } from './selection';
import { Thumb } from './thumbnails';

export interface StackBadges {
  /** Top item key → how many items the stack holds. */
  counts: Map<string, number>;
  expanded: ReadonlySet<string>;
  toggle: (topKey: string) => void;
}

interface Props {
  items: CatalogItem[];
  selection: SelectionState;
  onSelection: (s: SelectionState) => void;
  onOpen: (index: number) => void;
  label: string;
  stacks?: StackBadges;
  scrubber?: boolean;
  targetHeight?: number;
  /** Groups rows (the timeline's months): no row mixes two groups, and each opens with `groupLabel`. */
  groupOf?: (item: CatalogItem) => string;
  groupLabel?: (group: string) => string;
}

const HEADER_HEIGHT = 44;

const GAP = 4;

interface RowProps {
  row: GroupedRow;
  groupLabel: ((group: string) => string) | undefined;
  top: number;
  items: CatalogItem[];
  selected: ReadonlySet<string>;
  focus: number | null;
  stacks: StackBadges | undefined;
  onTileClick: (index: number, e: MouseEvent) => void;
  onOpen: (index: number) => void;
}

/** One row; memoized so scrolling re-renders only rows that enter the window, not the ones on screen. */
const GridRowView = memo(function GridRowView({
  row,
  groupLabel,
  top,
  items,
  selected,
  focus,
  stacks,
  onTileClick,
  onOpen,
}: RowProps) {
  let left = 0;
  return (
    <div
      role="row"
      className="grid-row"
      style={{ transform: `translateY(${top}px)`, height: row.headerHeight + row.height }}
    >
      {row.header !== null && (
        <h2
          className="grid-group"
          data-testid="grid-group"
          data-group={row.header}
          style={{ height: row.headerHeight }}
        >
          {groupLabel ? groupLabel(row.header) : row.header}
        </h2>
      )}
      {items.slice(row.start, row.end).map((item, j) => {
        const index = row.start + j;
        const w = item.aspect * row.height;
        const style = { left, top: row.headerHeight, width: w, height: row.height };
        left += w + GAP;
        const count = stacks?.counts.get(item.key);
        return (
          <div
            key={item.key}
            role="gridcell"
            className="tile"
            style={style}
            data-key={item.key}
            data-index={index}
            aria-selected={selected.has(item.key)}
            data-focused={focus === index ? '1' : undefined}
            title={item.name}
            onClick={(e) => onTileClick(index, e)}
            onDoubleClick={() => onOpen(index)}
          >
            <Thumb item={item} />
            {count !== undefined && count > 1 && (
              <button
                type="button"
                className="stack-badge"
                data-testid="stack-badge"
                aria-expanded={stacks!.expanded.has(item.key)}
                onClick={(e) => {
                  e.stopPropagation();
                  stacks!.toggle(item.key);
                }}
              >
                {stacks!.expanded.has(item.key) ? '−' : `▣ ${count}`}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
});

/** A virtualized justified grid: only the rows on screen (plus a few) exist in the DOM. */
export function JustifiedGrid({
  items,
  selection,
  onSelection,
  onOpen,
  label,
  stacks,
  scrubber,
  targetHeight = 180,
  groupOf,
  groupLabel,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setWidth(el.clientWidth - (scrubber ? 64 : 8));
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - (scrubber ? 64 : 8)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [scrubber]);

  const keys = useMemo(() => items.map((i) => i.key), [items]);
  const rows: GroupedRow[] = useMemo(() => {
    if (width <= 0) return [];
    const aspects = Float64Array.from(items, (i) => i.aspect);
    if (groupOf) {
      const groups = items.map(groupOf);
      return justifyGroups(aspects, (i) => groups[i]!, width, targetHeight, GAP, HEADER_HEIGHT);
    }
    return justify(aspects, width, targetHeight, GAP).map((r) => ({ ...r, header: null, headerHeight: 0 }));
  }, [items, width, targetHeight, groupOf]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (r) => rows[r]!.headerHeight + rows[r]!.height + GAP,
    overscan: 4,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: new rows mean new sizes to measure
  useEffect(() => virtualizer.measure(), [rows, virtualizer]);

  // Keep the keyboard focus on screen.
  useEffect(() => {
    if (selection.focus === null || rows.length === 0) return;
    virtualizer.scrollToIndex(rowOfItem(rows, selection.focus), { align: 'auto' });
  }, [selection.focus, rows, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    const focus = selection.focus ?? 0;
    const row = rows[rowOfItem(rows, focus)];
    const rowLen = row ? row.end - row.start : 1;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: rowLen, ArrowUp: -rowLen };
    const move = moves[e.key];
    if (move !== undefined) {
      e.preventDefault();
      onSelection(keySelect(selection, keys, { move, shift: e.shiftKey }));
    } else if (e.key === ' ') {
      e.preventDefault();
      onSelection(keySelect(selection, keys, { toggleFocused: true }));
    } else if (e.key === 'Enter' && selection.focus !== null) {
      onOpen(selection.focus);
    } else if (e.key === 'Escape') {
      onSelection({ selected: new Set(), anchor: null, focus: selection.focus });
    }
  };

  const total = virtualizer.getTotalSize();
  const onTileClick = useCallback(
    (index: number, e: MouseEvent) =>
      onSelection(clickSelect(selection, keys, index, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })),
    [onSelection, selection, keys],
  );
  return (
    <div className="grid-wrap">
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={label}
        aria-multiselectable="true"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="grid"
      >
        <div style={{ height: total, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <GridRowView
              key={v.key}
              row={rows[v.index]!}
              groupLabel={groupLabel}
              top={v.start}
              items={items}
              selected={selection.selected}
              focus={selection.focus}
              stacks={stacks}
              onTileClick={onTileClick}
              onOpen={onOpen}
            />
          ))}
        </div>
      </div>
      {scrubber && rows.length > 0 && (
        <DateScrubber
          items={items}
          rows={rows}
          totalHeight={total}
          scrollEl={scrollRef}
          onJump={(top) => virtualizer.scrollToOffset(top)}
        />
      )}
    </div>
  );
}
