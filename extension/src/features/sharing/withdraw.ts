import { MAX_ITEMS_PER_REQUEST } from '@hypomos/shared/api/collections';
import type { HypomosDb } from '../../db';
import { type ProviderCache, revokeRowLink } from './links';
import type { PortalClient } from './portal-client';
import { asPublished, type PublishedItem, type SharingShare } from './rows';
import { recordTombstones } from './tombstones';

/**
 * Withdraws `withdrawing` rows: removed at the portal (idempotent: not_found counts as removed), then their
 * delegated links revoked at the provider, then marked `withdrawn`. A stop in between repeats only harmless steps.
 */
export async function withdrawQueued(
  db: HypomosDb,
  client: PortalClient,
  providers: ProviderCache,
  share: SharingShare,
  now: () => number,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (
      await db.published
        .where('[shareId+state]')
        .equals([share.id, 'withdrawing'])
        .limit(MAX_ITEMS_PER_REQUEST)
        .toArray()
    ).map(asPublished);
    if (rows.length === 0) return done;
    const remote = rows.filter((r) => r.ref);
    if (remote.length > 0 && share.portalCollectionId) {
      const answer = await client.remove(
        share.portalCollectionId,
        remote.map((r) => ({ sourceId: r.ref!.sourceId, sourceItemId: r.ref!.id })),
      );
      const refused = answer.results.filter((r) => r.status === 'rejected' && r.reason !== 'not_found');
      if (refused.length > 0)
        throw new Error(`The portal refused ${refused.length} withdrawals (${refused[0]!.reason})`);
    }
    for (const row of rows) {
      await revokeLinkRecorded(db, providers, row, now);
      done++;
    }
  }
}

async function revokeLinkRecorded(db: HypomosDb, providers: ProviderCache, row: PublishedItem, now: () => number) {
  let reason: string | null = null;
  try {
    await revokeRowLink(db, providers, row);
  } catch (e) {
    // The item is withdrawn at the portal already; a link that cannot be revoked is recorded for the owner.
    reason = `Withdrawn, but the link could not be revoked: ${e instanceof Error ? e.message : String(e)}`;
  }
  await db.published.update([row.shareId, row.itemKey], {
    state: 'withdrawn',
    reason,
    at: now(),
    ...(reason ? {} : { link: null }),
  });
}

/**
 * The removal outbox's listener: items gone from the index (deleted or moved away at the source) leave every
 * share at the next run, and their content is remembered in `tombstones`. Only Dexie is written here, so the
 * listener cannot fail on the network; the runs that follow do the API and provider calls.
 */
export async function markRemoved(db: HypomosDb, keys: readonly string[], now: number): Promise<string[]> {
  return db.transaction('rw', [db.published, db.tombstones], async () => {
    const rows = (
      await db.published
        .where('itemKey')
        .anyOf(keys as string[])
        .toArray()
    ).map(asPublished);
    const affected = new Set<string>();
    const hashes: { sha256: string | null; phash: string | null }[] = [];
    for (const row of rows) {
      if (row.state === 'withdrawn') continue;
      affected.add(row.shareId);
      hashes.push({ sha256: row.sha256 ?? null, phash: row.phash ?? null });
      if (row.state === 'review' || (row.state === 'failed' && !row.link))
        await db.published.delete([row.shareId, row.itemKey]);
      else await db.published.update([row.shareId, row.itemKey], { state: 'withdrawing', at: now });
    }
    await recordTombstones(db, hashes, now);
    return [...affected];
  });
}
