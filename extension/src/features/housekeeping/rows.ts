import type { IndexItem } from '@hypomos/shared/index/item';

/**
 * v10: one row per item the user binned from the housekeeping review. The index row as it was is kept, so a restore
 * brings back the tags, likes and rating the scanner would not know; the provider keeps the file itself.
 */
export interface BinRow {
  key: string;
  sourceId: string;
  binnedAt: number;
  /** 'bin': in the provider's recycle bin or trash, restorable; 'forever': deleted for good (Blob without soft delete). */
  where: 'bin' | 'forever';
  item: IndexItem;
}

/** v10: items the user chose to keep in the review; they are not proposed again for the same reasons. */
export interface KeptRow {
  key: string;
  keptAt: number;
}
