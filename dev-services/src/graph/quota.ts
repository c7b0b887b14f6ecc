import type { MediaStore } from '../contract/media-store';

/**
 * The drive's `quota` facet, as https://learn.microsoft.com/en-us/graph/api/resources/quota documents it: total,
 * used, remaining, deleted (bytes in the recycle bin) and state. Items in the recycle bin still count toward the
 * storage used (support.microsoft.com, "Restore deleted files or folders in OneDrive"), so `used` includes them.
 */
export type QuotaState = 'normal' | 'nearing' | 'critical' | 'exceeded';

/**
 * Totals a drive has when a test sets none: OneDrive's free plan is 5 GB; the Business example of
 * https://learn.microsoft.com/en-us/graph/api/drive-get ("Response") reports 1 TB (1099511627776).
 */
export const DEFAULT_TOTAL_BYTES = { personal: 5 * 1024 ** 3, business: 1024 ** 4 } as const;

export function quotaFacet(store: MediaStore, total: number) {
  const { used, inBin } = store.usage();
  const remaining = Math.max(0, total - used);
  return { total, used, remaining, deleted: inBin, state: quotaState(total, used, remaining) };
}

/**
 * resources/quota `state`: "nearing" when less than 10% of the total remains, "critical" below 1%, "exceeded"
 * once used passes the total (new files cannot be added then), else "normal".
 */
function quotaState(total: number, used: number, remaining: number): QuotaState {
  if (used > total) return 'exceeded';
  if (remaining < total * 0.01) return 'critical';
  if (remaining < total * 0.1) return 'nearing';
  return 'normal';
}
