import type { SourceKind } from '../index/item';
import { exactGroups, type HashedItem } from '../vision/dedupe';

/** One candidate of a share, as far as choosing between identical copies needs. */
export interface ShareCopy extends Pick<HashedItem, 'key' | 'sha256' | 'contentHashes'> {
  sourceKind: SourceKind;
}

/**
 * How well a guest is served by each kind of source, best first: Blob serves bytes with a SAS and CORS; OneDrive's
 * download links work but redirect; Drive goes through the portal's API key, with its per-key quota; a local folder
 * only through the owner's relay.
 */
const DELIVERY_RANK: Record<SourceKind, number> = { azblob: 0, onedrive: 1, gdrive: 2, local: 3 };

/**
 * The keys to leave out of a share because an identical copy (same bytes, by SHA-256 or one provider hash) is
 * shared instead. A copy the portal already holds stays, so guests see no churn; otherwise the best-delivered copy
 * wins, then the smallest key (stable across runs). When the chosen copy leaves the library, the next run picks
 * another, so the photo stays shared.
 */
export function redundantCopies(copies: readonly ShareCopy[], alreadyShared: ReadonlySet<string>): Set<string> {
  const byKey = new Map(copies.map((c) => [c.key, c]));
  const out = new Set<string>();
  for (const group of exactGroups(copies)) {
    const ranked = group
      .map((key) => byKey.get(key)!)
      .sort(
        (a, b) =>
          Number(alreadyShared.has(b.key)) - Number(alreadyShared.has(a.key)) ||
          DELIVERY_RANK[a.sourceKind] - DELIVERY_RANK[b.sourceKind] ||
          (a.key < b.key ? -1 : 1),
      );
    for (const copy of ranked.slice(1)) out.add(copy.key);
  }
  return out;
}
