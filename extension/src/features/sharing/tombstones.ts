import type { HypomosDb } from '../../db';

/** "Once deleted, always flagged": content withdrawn because it was deleted or marked unwanted. */
export async function recordTombstones(
  db: HypomosDb,
  hashes: readonly { sha256: string | null; phash: string | null }[],
  now: number,
): Promise<void> {
  for (const h of hashes) {
    if (!h.sha256 && !h.phash) continue;
    const id = h.sha256 ? `sha256:${h.sha256}` : `phash:${h.phash}`;
    if (await db.tombstones.get(id)) continue;
    await db.tombstones.put({ id, sha256: h.sha256, phash: h.phash, deletedAt: now });
  }
}

/**
 * Items whose content matches a tombstone and arrived after it are marked unwanted, so they never go out
 * again and show in the library's housekeeping (the `unwanted` index). Each key is flagged once: a user who
 * un-marks it keeps it.
 */
export async function flagReturningContent(db: HypomosDb): Promise<string[]> {
  const stones = await db.tombstones.toArray();
  if (stones.length === 0) return [];
  const flaggedBefore = new Set(((await db.kv.get('sharing.flagged'))?.value as string[] | undefined) ?? []);
  const bySha = new Map(stones.filter((s) => s.sha256).map((s) => [s.sha256!, s.deletedAt]));
  const byPhash = new Map(stones.filter((s) => s.phash).map((s) => [s.phash!, s.deletedAt]));
  const candidates = [
    ...(await db.items
      .where('sha256')
      .anyOf([...bySha.keys()])
      .toArray()),
    ...(byPhash.size
      ? await db.items
          .where('phash')
          .anyOf([...byPhash.keys()])
          .toArray()
      : []),
  ];
  const flagged: string[] = [];
  for (const item of candidates) {
    const deletedAt = (item.sha256 && bySha.get(item.sha256)) || (item.phash && byPhash.get(item.phash)) || null;
    if (deletedAt === null || item.addedAt < deletedAt || item.unwanted || flaggedBefore.has(item.key)) continue;
    flagged.push(item.key);
  }
  if (flagged.length === 0) return [];
  await db.transaction('rw', [db.items, db.kv], async () => {
    await db.items.where('key').anyOf(flagged).modify({ unwanted: true });
    await db.kv.put({ key: 'sharing.flagged', value: [...flaggedBefore, ...flagged] });
  });
  return flagged;
}
