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
  patchShare: (patch: Partial<SharingShare>) => Promise<SharingShare>,
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
        remote.map((r) => r.portalRef ?? { sourceId: r.ref!.sourceId, sourceItemId: r.ref!.id }),
      );
      const refused = answer.results.filter((r) => r.status === 'rejected' && r.reason !== 'not_found');
      if (refused.length > 0)
        throw new Error(`The portal refused ${refused.length} withdrawals (${refused[0]!.reason})`);
    }
    share = await rotateScopes(db, providers, share, rows, now, patchShare);
    for (const row of rows) {
      await revokeLinkRecorded(db, providers, row, now);
      done++;
    }
  }
}

/** Links a provider can only revoke with the whole share (Blob: they name the share's stored access policy). */
const scopeBound = (row: PublishedItem) => !!row.ref && !!row.link?.linkId.startsWith('policy:');

/**
 * A withdrawn item whose link can only end with its share's (Blob SAS naming the share's policy) ends it by moving the
 * share's links from that source to a new policy generation. The share's other items from there go back to `pending`
 * without a link, so this run re-signs and re-publishes them; `retireRotated` ends the old generation afterwards.
 * The source is recorded before the rotation: a stop anywhere in between repeats it, or ends the old generation later.
 */
async function rotateScopes(
  db: HypomosDb,
  providers: ProviderCache,
  share: SharingShare,
  rows: PublishedItem[],
  now: () => number,
  patchShare: (patch: Partial<SharingShare>) => Promise<SharingShare>,
): Promise<SharingShare> {
  const sources = [...new Set(rows.filter(scopeBound).map((r) => r.ref!.sourceId))];
  for (const sourceId of sources) {
    const provider = await providers.get(sourceId);
    if (!provider.rotateScope) continue;
    if (!share.rotatedSources.includes(sourceId))
      share = await patchShare({ rotatedSources: [...share.rotatedSources, sourceId] });
    const next = await provider.rotateScope(share.id);
    if (!next) continue;
    const withdrawing = new Set(rows.map((r) => r.itemKey));
    const siblings = (await db.published.where('shareId').equals(share.id).toArray())
      .map(asPublished)
      .filter(
        (r) =>
          !withdrawing.has(r.itemKey) &&
          r.ref?.sourceId === sourceId &&
          scopeBound(r) &&
          r.link?.linkId !== next.linkId &&
          (r.state === 'published' || r.state === 'pending'),
      );
    await db.published.bulkUpdate(
      siblings.map((r) => ({
        key: [r.shareId, r.itemKey] as [string, string],
        changes: { state: 'pending' as const, link: null, at: now() },
      })),
    );
  }
  return share;
}

/** After the share's other items carry links of the new generation: ends the old one, so the withdrawn link stops. */
export async function retireRotated(
  providers: ProviderCache,
  share: SharingShare,
  patchShare: (patch: Partial<SharingShare>) => Promise<SharingShare>,
): Promise<SharingShare> {
  for (const sourceId of share.rotatedSources) {
    await (await providers.get(sourceId)).retireStaleScope?.(share.id);
    share = await patchShare({ rotatedSources: share.rotatedSources.filter((s) => s !== sourceId) });
  }
  return share;
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
