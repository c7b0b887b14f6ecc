import type { StatsResponse } from '@hypomos/shared/api/shares';
import { ItemLabel } from '../ui/ItemThumb';

/** Viewer statistics summed per share or event, then per item as its picture and title (most viewed first). */
export function StatsView({ stats }: { stats: StatsResponse }) {
  const t = stats.totals;
  const items = [...stats.items].sort((a, b) => b.viewed - a.viewed);
  return (
    <section className="stats" data-testid="stats" aria-label="Statistics">
      <p className="stat-summary">
        <strong>{t.viewed}</strong> views · <strong>{t.liked}</strong> likes · <strong>{t.skipped}</strong> skips ·{' '}
        <strong>{t.downloaded}</strong> downloads
      </p>
      {items.length === 0 ? (
        // Not a <p>: the summary stays the section's only paragraph.
        <div className="muted small" data-testid="stats-empty">
          No item has been viewed yet. Counts appear here once guests open the link.
        </div>
      ) : (
        <ul className="stat-items">
          {items.map((i) => (
            <li key={i.itemId} data-item-id={i.itemId}>
              <ItemLabel preview={i.preview} />
              <span className="stat-counts">
                <span>
                  <b>{i.viewed}</b> views
                </span>
                <span>
                  <b>{i.liked}</b> likes
                </span>
                <span>
                  <b>{i.skipped}</b> skips
                </span>
                <span>
                  <b>{i.downloaded}</b> downloads
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
