import type { ItemKey } from '@hypomos/shared/index/item';
import { publishItemOf } from '@hypomos/shared/sharing/publish-item';
import type { HypomosDb } from '../../db';
import { asPublished, type PortalClient, type ProviderFor, readShare, refOf } from '../sharing';

export interface RepublishDeps {
  db: HypomosDb;
  client: () => Promise<PortalClient>;
  providerFor: ProviderFor;
}

/**
 * After a move, gives each share of the item a link to the new copy before the old one goes. The portal knows
 * the item by the (source, item id) it was first published under (its `portalRef`); we publish the new link
 * under that same identity, so the portal updates the item in place (items upsert on it) and a guest's grid
 * keeps the tile, its likes and its event approval. A row already pointing at the new place is skipped, so a
 * resumed move republishes nothing twice. Rows still `pending` only lose their old link: the publisher makes
 * the new one.
 */
export async function republishMoved(deps: RepublishDeps, key: string): Promise<void> {
  const { db } = deps;
  const item = await db.items.get(key as ItemKey);
  if (!item) throw new Error('The item is no longer in the library');
  const ref = refOf(item);
  const rows = (await db.published.where('itemKey').equals(key).toArray()).map(asPublished);
  for (const row of rows) {
    if (row.state !== 'published' && row.state !== 'pending') continue;
    if (row.ref?.sourceId === ref.sourceId && row.ref.id === ref.id) continue;
    const portalRef = row.portalRef ?? (row.ref ? { sourceId: row.ref.sourceId, sourceItemId: row.ref.id } : null);
    const share = readShare(await db.shares.get(row.shareId));
    if (row.state === 'pending' || !share || share.state !== 'active' || !portalRef) {
      await db.published.update([row.shareId, key], { link: null, ref, portalRef });
      continue;
    }
    const source = await db.sources.get(item.sourceId);
    if (!source) throw new Error(`The source ${item.sourceId} is no longer connected`);
    const client = await deps.client();
    const provider = await deps.providerFor(source);
    const link = await provider.createLink(ref, share.expiresAt ? new Date(share.expiresAt) : null, {
      scope: share.id,
      portalOrigin: client.origin,
    });
    const body = publishItemOf(portalRef.sourceId, { ...item, providerItemId: portalRef.sourceItemId }, link, {
      includePlace: share.includePlace,
      includeFileName: share.kind === 'gallery',
    });
    const answer = await client.publish(share.portalCollectionId, [body]);
    const result = answer.results[0];
    if (result?.status !== 'updated' && result?.status !== 'created')
      throw new Error(`The portal refused the new link: ${result?.reason ?? 'no answer'}`);
    await db.published.update([row.shareId, key], { link, ref, portalRef });
  }
}
