import { type DuplicateGroup, duplicateGroups, type HashedItem } from '@hypomos/shared/vision/dedupe';
import type { ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';

/**
 * Duplicates across all sources: exact by content hash (SHA-256 or a provider hash), near by perceptual hash of the
 * thumbnail. Items the user already marked unwanted are left out, so a reviewed group does not come back.
 */
export async function findDuplicates(db: HypomosDb): Promise<DuplicateGroup[]> {
  const features = new Map((await db.visionFeatures.toArray()).map((f) => [f.key, f]));
  const items: HashedItem[] = [];
  await db.items.each((i) => {
    if (i.unwanted) return;
    const f = features.get(i.key);
    items.push({
      key: i.key,
      sha256: i.sha256,
      contentHashes: i.contentHashes,
      phash: i.phash,
      phashVariants: f?.phashVariants ?? null,
      centreHash: f?.centreHash ?? null,
      rotationHashes: f?.rotationHashes ?? null,
    });
  });
  return duplicateGroups(items);
}

/** The review's answer: keep one item of a group, mark the others unwanted (nothing is deleted at the source). */
export async function keepOne(db: HypomosDb, keep: string, group: readonly string[]): Promise<void> {
  await db.transaction('rw', db.items, async () => {
    for (const key of group) if (key !== keep) await db.items.update(key as ItemKey, { unwanted: true });
    await db.items.update(keep as ItemKey, { unwanted: false });
  });
}
