import { REVOKE_UNDO_MS, type Share } from '@hypomos/shared/api/shares';
import type { HypomosDb } from '../../db';
import { ProviderCache, type ProviderFor, revokeRowLink } from './links';
import type { PortalClient } from './portal-client';
import { asPublished, readShare, type SharingShare, toShareRow } from './rows';

/**
 * Ends a share: the portal stops serving it (revoked by us, or expired by its own clock), and every delegated
 * link made for it is revoked at the provider — Drive `anyone` permissions never expire by themselves. The
 * share row is marked first, so a stopped worker finishes the revocations at the next alarm (`endedLinks`).
 */
type ExpiryDeps = { db: HypomosDb; providerFor: ProviderFor; now: () => number; client: () => Promise<PortalClient> };

export async function endShare(
  deps: ExpiryDeps,
  shareId: string,
  why: 'expired' | 'revoked',
  /** The portal ended it already (followPortal): nothing to delete there. */
  endedAtPortal = false,
): Promise<{ revoked: number; failed: number }> {
  const { db } = deps;
  const share = readShare(await db.shares.get(shareId));
  if (!share) throw new Error(`No share ${shareId}`);
  if (share.state === 'active') {
    if (why === 'revoked' && share.portalCollectionId && !endedAtPortal) {
      // Deleting the portal collection ends links, recipients and event contributions of this share at once.
      await (await deps.client()).deleteCollection(share.portalCollectionId).catch((e: unknown) => {
        if (!(typeof e === 'object' && e !== null && (e as { status?: number }).status === 404)) throw e;
      });
    }
    await db.shares.put(toShareRow({ ...share, state: why }));
  }
  return revokeLinksOf(deps, share);
}

async function revokeLinksOf(
  deps: { db: HypomosDb; providerFor: ProviderFor; now: () => number },
  share: SharingShare,
) {
  const { db } = deps;
  const providers = new ProviderCache(db, deps.providerFor);
  const rows = (await db.published.where('shareId').equals(share.id).toArray()).map(asPublished).filter((r) => r.link);
  let revoked = 0;
  let failed = 0;
  // Links of one scope end together first (Blob: the share's stored access policy); a source whose scope could
  // not be revoked keeps its links recorded, so the alarm tries again.
  const unrevoked = new Map<string, string>();
  for (const sourceId of new Set(rows.flatMap((r) => (r.ref ? [r.ref.sourceId] : [])))) {
    try {
      await (await providers.get(sourceId)).revokeScope?.(share.id);
    } catch (e) {
      unrevoked.set(sourceId, e instanceof Error ? e.message : String(e));
    }
  }
  for (const row of rows) {
    const scopeError = row.ref ? unrevoked.get(row.ref.sourceId) : undefined;
    if (scopeError !== undefined) {
      failed++;
      await db.published.update([row.shareId, row.itemKey], {
        reason: `The share's links could not be revoked yet: ${scopeError}`,
      });
      continue;
    }
    try {
      await revokeRowLink(db, providers, row);
      await db.published.update([row.shareId, row.itemKey], {
        state: 'withdrawn',
        link: null,
        reason: null,
        at: deps.now(),
      });
      revoked++;
    } catch (e) {
      failed++;
      await db.published.update([row.shareId, row.itemKey], {
        reason: `The link could not be revoked yet: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return { revoked, failed };
}

/** The alarm's pass: expire what is due, and finish revocations a stopped worker left. */
export async function expireDue(deps: ExpiryDeps): Promise<string[]> {
  const ended: string[] = [];
  for (const row of await deps.db.shares.toArray()) {
    const share = readShare(row);
    if (!share) continue;
    const due = share.state === 'active' && share.expiresAt !== null && share.expiresAt <= deps.now();
    const leftover =
      share.state !== 'active' &&
      (await deps.db.published
        .where('shareId')
        .equals(share.id)
        .filter((r) => !!asPublished(r).link)
        .count()) > 0;
    if (due || leftover) {
      await endShare(deps, share.id, due ? 'expired' : share.state === 'revoked' ? 'revoked' : 'expired');
      ended.push(share.id);
    }
  }
  return ended;
}

/**
 * Link shares ended at the portal (revoked or expired in the owner pages, or deleted there) end here too: the
 * dashboard shows what guests see, and the delegated links nobody can reach any more are revoked at the provider.
 * One owner call per pass; event and family shares have no portal share link of their own. `recheckAt` is when the
 * earliest revocation the owner can still undo becomes final: the caller asks again then.
 */
export async function followPortal(deps: ExpiryDeps): Promise<{ ended: string[]; recheckAt: number | null }> {
  const active = (await deps.db.shares.toArray())
    .map(readShare)
    .filter((s): s is SharingShare => s?.state === 'active' && !!s.portalShareId);
  if (active.length === 0) return { ended: [], recheckAt: null };
  const { shares } = await (await deps.client()).listShares();
  const byId = new Map(shares.map((s) => [s.id as string, s]));
  // A revocation the owner can still undo keeps its delegated links: revoking those could not be undone.
  const finalAt = (s: Share) => (s.revokedAt ? Date.parse(s.revokedAt) + REVOKE_UNDO_MS : 0);
  const ended: string[] = [];
  let recheckAt: number | null = null;
  for (const share of active) {
    const portalShare = byId.get(share.portalShareId!);
    const now = portalShare?.status;
    if (now === 'active') continue;
    if (portalShare && finalAt(portalShare) > deps.now()) {
      recheckAt = Math.min(recheckAt ?? Number.POSITIVE_INFINITY, finalAt(portalShare));
      continue;
    }
    await endShare(deps, share.id, now === 'expired' ? 'expired' : 'revoked', true);
    ended.push(share.id);
  }
  return { ended, recheckAt };
}
