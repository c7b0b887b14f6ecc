import { z } from 'zod';
import type { BlobTier } from './rules';

/**
 * Storage prices in US$ per GiB per month, editable in the Tiering settings. The defaults are list prices
 * as of late 2026, recalled, not fetched (this build has no internet): check them against the pages cited.
 * Subscriptions (OneDrive, Google One) are priced as the plan's monthly price over its capacity.
 */
export const StoragePrices = z.object({
  /** Microsoft 365 Basic, 100 GB for $1.99/month: https://www.microsoft.com/microsoft-365/onedrive/compare-onedrive-plans */
  onedrive: z.number().nonnegative(),
  /** Google One 100 GB for $1.99/month: https://one.google.com/about/plans */
  gdrive: z.number().nonnegative(),
  /**
   * Azure Blob, LRS, East US, pay as you go, first 50 TB: https://azure.microsoft.com/pricing/details/storage/blobs/
   * Cool, Cold and Archive also charge early deletion (30, 90, 180 days) and reads; not counted here.
   */
  azblob: z.object({
    Hot: z.number().nonnegative(),
    Cool: z.number().nonnegative(),
    Cold: z.number().nonnegative(),
    Archive: z.number().nonnegative(),
  }),
  /** A NAS folder: the disks are already paid for. */
  local: z.number().nonnegative(),
});
export type StoragePrices = z.infer<typeof StoragePrices>;

export const DEFAULT_PRICES: StoragePrices = {
  onedrive: 1.99 / 100,
  gdrive: 1.99 / 100,
  azblob: { Hot: 0.0184, Cool: 0.01, Cold: 0.0036, Archive: 0.00099 },
  local: 0,
};

export const GIB = 1024 ** 3;

export function pricePerGib(
  prices: StoragePrices,
  kind: 'onedrive' | 'gdrive' | 'azblob' | 'local',
  tier: BlobTier | null,
): number {
  return kind === 'azblob' ? prices.azblob[tier ?? 'Hot'] : prices[kind];
}
