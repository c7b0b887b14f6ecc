import { captureMonthKey, formatCaptureMonth } from '@hypomos/shared/index/capture-date';
import { useEffect, useState } from 'react';
import { useStackedItems } from '../stacks';
import { SelectionBar } from '../collections';
import { type CatalogItem, EmptyLibrary, JustifiedGrid, ProgressBar, useLibrary, useLibraryContext } from '../library';

// Months where the photos were taken (index/capture-date.ts), as in Google Photos and Immich.
const monthOfItem = (item: CatalogItem) => captureMonthKey(item.takenAt);
const monthLabel = (month: string) => formatCaptureMonth(Date.parse(`${month}-01T00:00:00Z`));

export const FIRST_PAINT_MARK = 'hypomos:timeline-first-paint';

/** The whole index, newest first, RAW+JPEG pairs and bursts stacked unless switched off. */
export function TimelinePage() {
  const { store, selection, setSelection, lightbox } = useLibraryContext();
  const lib = useLibrary(store);
  const [stacked, setStacked] = useState(true);
  const { display, badges, stackCount } = useStackedItems(lib.items, lib.byKey, stacked && lib.loading === null);
  // A performance mark once the first tiles are on screen: the benchmark reads it from the page's timeline.
  const hasTiles = display.length > 0;
  useEffect(() => {
    if (!hasTiles || performance.getEntriesByName(FIRST_PAINT_MARK).length > 0) return;
    // rAF then a task: the mark lands just after the frame with the tiles was painted.
    requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_PAINT_MARK), 0));
  }, [hasTiles]);
  if (lib.total === 0) return <EmptyLibrary />;
  const keys = display.map((i) => i.key);
  return (
    <section className="page timeline" aria-label="Timeline">
      <header className="toolbar">
        <h1>Timeline</h1>
        <span data-testid="timeline-count">{(lib.total ?? lib.items.length).toLocaleString()} items</span>
        <label>
          <input type="checkbox" checked={stacked} onChange={(e) => setStacked(e.target.checked)} /> Stack RAW+JPEG and
          bursts
          {stacked && stackCount > 0 && <span data-testid="stack-count"> ({stackCount.toLocaleString()} stacks)</span>}
        </label>
        {lib.loading && <ProgressBar label="Loading library" done={lib.loading.loaded} total={lib.loading.total} />}
      </header>
      <SelectionBar orderedKeys={keys} />
      <JustifiedGrid
        items={display}
        selection={selection}
        onSelection={setSelection}
        onOpen={(i) => lightbox(keys, i)}
        label="Timeline"
        stacks={stacked ? badges : undefined}
        scrubber
        groupOf={monthOfItem}
        groupLabel={monthLabel}
      />
    </section>
  );
}
