/** One item of a share, with how many viewers the portal counted for it. */
export interface SharedItemViews {
  itemKey: string;
  /** Distinct viewers the portal counted for the item in this share (see `bytesNotCopied`). */
  viewers: number;
}

export interface NotCopied {
  /** Size of each shared item times its viewers: what sending copies to those viewers would have made. */
  bytes: number;
  /** Items viewed at least once, counted once per share. */
  viewedItems: number;
  /** Sum of viewers over items. */
  views: number;
  /** Shared items whose size is not in the index (left out of `bytes`). */
  unknownSize: number;
}

/**
 * Bytes not copied thanks to sharing by link: every view was served from the owner's own storage instead of a
 * copy in the recipient's. The portal counts a viewer once per item and share by network address (worker
 * viewerKey), so people behind one address count once and one person on two networks twice.
 */
export function bytesNotCopied(
  shared: readonly SharedItemViews[],
  sizeOf: (itemKey: string) => number | null | undefined,
): NotCopied {
  const out: NotCopied = { bytes: 0, viewedItems: 0, views: 0, unknownSize: 0 };
  for (const { itemKey, viewers } of shared) {
    if (viewers <= 0) continue;
    const size = sizeOf(itemKey);
    out.viewedItems += 1;
    out.views += viewers;
    if (size === null || size === undefined) out.unknownSize += 1;
    else out.bytes += size * viewers;
  }
  return out;
}
