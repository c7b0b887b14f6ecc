import type { StatsResponse } from '@hypomos/shared/api/shares';
import { toItemPreview } from '../mappers';
import type { StatRow } from '../repositories/stats';

/** Per-item counts (each with its item's preview) plus their sums, as the owner's statistics page shows them. */
export function summarize(rows: StatRow[]): StatsResponse {
  const totals = { viewed: 0, liked: 0, skipped: 0, downloaded: 0 };
  for (const r of rows) {
    totals.viewed += r.viewed;
    totals.liked += r.liked;
    totals.skipped += r.skipped;
    totals.downloaded += r.downloaded;
  }
  return {
    totals,
    items: rows.map((r) => ({
      itemId: r.itemId,
      viewed: r.viewed,
      liked: r.liked,
      skipped: r.skipped,
      downloaded: r.downloaded,
      preview: toItemPreview(r),
    })),
  };
}
