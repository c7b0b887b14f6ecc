import type { StatsResponse } from '@hypomos/shared/api/shares';

/** Viewer statistics summed per share or event, then per item (most viewed first). */
export function StatsView({ stats }: { stats: StatsResponse }) {
  const t = stats.totals;
  const items = [...stats.items].sort((a, b) => b.viewed - a.viewed);
  return (
    <section className="stats" data-testid="stats">
      <p>
        <strong>{t.viewed}</strong> views · <strong>{t.liked}</strong> likes · <strong>{t.skipped}</strong> skips ·{' '}
        <strong>{t.downloaded}</strong> downloads
      </p>
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Item</th>
              <th>Views</th>
              <th>Likes</th>
              <th>Skips</th>
              <th>Downloads</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.itemId}>
                <td>
                  <code>{i.itemId}</code>
                </td>
                <td>{i.viewed}</td>
                <td>{i.liked}</td>
                <td>{i.skipped}</td>
                <td>{i.downloaded}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
