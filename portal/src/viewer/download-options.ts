import type { PublicItem } from '@hypomos/shared/api/public';
import { type ShareDownloads, webSizeOf } from '@hypomos/shared/sharing/download-sizes';

/** "1920 × 1440 px": an item's pixel size, or nothing when its owner's index did not know it. */
const pixels = (d: { width: number; height: number } | null) => (d ? `${d.width} × ${d.height} px` : '');

/**
 * What the lightbox offers for one item under the owner's choice: the web size where the provider makes one (photos
 * on Drive and OneDrive personal), and the original where allowed. Sizes are in the labels.
 */
export function downloadOptions(
  item: PublicItem,
  downloads: ShareDownloads,
): { kind: 'web' | 'original'; label: string; size: string }[] {
  const out: { kind: 'web' | 'original'; label: string; size: string }[] = [];
  if (downloads === 'none') return out;
  if (item.delivery?.web && item.mediaType === 'image')
    out.push({ kind: 'web', label: 'Download web size', size: pixels(webSizeOf(item.width, item.height)) });
  if (downloads === 'original') {
    const known = item.width && item.height ? { width: item.width, height: item.height } : null;
    out.push({ kind: 'original', label: 'Download original', size: pixels(known) });
  }
  return out;
}
