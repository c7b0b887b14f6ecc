import type { ReactNode } from 'react';
import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { BinDeps } from './bin';
import { BinView } from './BinView';
import { ReviewView } from './ReviewView';
import { useReview } from './use-review';
import './housekeeping.css';

/**
 * Housekeeping: the review (#/housekeeping) and the bin (#/housekeeping/bin). `more` is what follows the review on
 * its tab: the duplicates review (marks copies unwanted, deletes nothing) and the tag suggestions.
 */
export function HousekeepingPage({
  db,
  tab,
  makeBinDeps,
  more,
}: {
  db: HypomosDb;
  tab: string | null;
  makeBinDeps: () => BinDeps;
  more: ReactNode;
}) {
  // One "now" per visit: the screenshot age rule must not rebuild the review every render.
  const [now] = useState(() => Date.now());
  const data = useReview(db, now);
  const onBin = tab === 'bin';
  return (
    <section className="page housekeeping" aria-label="Housekeeping">
      <header className="hk-head">
        <h1>Housekeeping</h1>
        <nav className="hk-tabs" aria-label="Housekeeping">
          <a href="#/housekeeping" aria-current={onBin ? undefined : 'page'}>
            Review
          </a>
          <a href="#/housekeeping/bin" aria-current={onBin ? 'page' : undefined} data-testid="hk-bin-tab">
            Bin{data && data.bin.length > 0 ? ` · ${data.bin.length}` : ''}
          </a>
        </nav>
      </header>
      {!data && <p className="muted">Reading the library…</p>}
      {data && onBin && <BinView bin={data.bin} makeBinDeps={makeBinDeps} />}
      {data && !onBin && <ReviewView data={data} makeBinDeps={makeBinDeps} />}
      {/* Not held back by the review's loading: the duplicate search starts as soon as the page opens. */}
      {!onBin && (
        <>
          <h2 className="hk-more">Tidy the library</h2>
          {more}
        </>
      )}
    </section>
  );
}
