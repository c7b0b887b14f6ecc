import type { DuplicateGroup, HashedItem } from '@hypomos/shared/vision/dedupe';
import { NearDuplicateIndex } from '@hypomos/shared/vision/dedupe-index';
import type { ItemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';

/**
 * The near-duplicate index of each open database, kept between reviews. Each review reads the items (linear) and
 * looks up only those that are new or whose hashes changed, instead of comparing all pairs again.
 */
const indexes = new WeakMap<HypomosDb, { index: NearDuplicateIndex; signature: Map<string, string> }>();

/** What the matching depends on; an item whose signature changed is looked up again. */
const signatureOf = (i: HashedItem) =>
  JSON.stringify([
    i.sha256,
    i.contentHashes ?? null,
    i.phash,
    i.phashVariants ?? null,
    i.centreHash ?? null,
    i.rotationHashes ?? null,
  ]);

/** Where a search stands: items read from the database, then items looked up in the index, then grouping. */
export interface DuplicatesProgress {
  phase: 'reading' | 'indexing' | 'grouping';
  done: number;
  total: number;
}

/** Reading reports every this many items: a count per item would cost more than the read. */
const READ_REPORT_EVERY = 5_000;

/**
 * Duplicates across all sources: exact by content hash (SHA-256 or a provider hash), near by perceptual hash of the
 * thumbnail. Items the user already marked unwanted are left out, so a reviewed group does not come back.
 * The dashboard runs this in a worker (dupes.worker.ts); `onProgress` is called synchronously as work advances.
 */
export async function findDuplicates(
  db: HypomosDb,
  onProgress?: (p: DuplicatesProgress) => void,
): Promise<DuplicateGroup[]> {
  const features = new Map((await db.visionFeatures.toArray()).map((f) => [f.key, f]));
  const items: HashedItem[] = [];
  const stored = onProgress ? await db.items.count() : 0;
  let read = 0;
  onProgress?.({ phase: 'reading', done: 0, total: stored });
  await db.items.each((i) => {
    read++;
    if (onProgress && read % READ_REPORT_EVERY === 0) onProgress({ phase: 'reading', done: read, total: stored });
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
  let held = indexes.get(db);
  if (!held) {
    held = { index: new NearDuplicateIndex({ expectedItems: items.length }), signature: new Map() };
    indexes.set(db, held);
  }
  const { index, signature } = held;
  const present = new Set<string>();
  const changed: HashedItem[] = [];
  for (const item of items) {
    present.add(item.key);
    const sig = signatureOf(item);
    if (signature.get(item.key) === sig) continue;
    signature.set(item.key, sig);
    changed.push(item);
  }
  for (const key of [...signature.keys()]) {
    if (present.has(key)) continue;
    index.remove(key);
    signature.delete(key);
  }
  // The first review fills an empty index in one batch; later ones look up only what changed.
  const total = changed.length;
  onProgress?.({ phase: 'indexing', done: 0, total });
  index.addAll(changed, onProgress && ((done) => onProgress({ phase: 'indexing', done, total })));
  onProgress?.({ phase: 'grouping', done: total, total });
  return index.groups();
}

/**
 * The review's answers, in one transaction: per group keep one item and mark the others unwanted (nothing is deleted
 * at the source). Undone by `undoKeep` on the same groups.
 */
export async function keepInGroups(
  db: HypomosDb,
  answers: readonly { keep: string; group: readonly string[] }[],
): Promise<void> {
  await db.transaction('rw', db.items, async () => {
    for (const { keep, group } of answers) {
      for (const key of group) if (key !== keep) await db.items.update(key as ItemKey, { unwanted: true });
      await db.items.update(keep as ItemKey, { unwanted: false });
    }
  });
}

/** Every copy of the groups is wanted again (the review only ever shows groups of wanted items). */
export async function undoKeep(db: HypomosDb, groups: readonly (readonly string[])[]): Promise<void> {
  await db.transaction('rw', db.items, async () => {
    for (const key of groups.flat()) await db.items.update(key as ItemKey, { unwanted: false });
  });
}
