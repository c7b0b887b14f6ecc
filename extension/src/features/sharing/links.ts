import type { IndexItem } from '@hypomos/shared/index/item';
import { type DelegatedLink, type Provider, ProviderError } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { asPublished, type PublishedItem } from './rows';

export type ProviderFor = (source: SourceRow) => Promise<Provider>;

export const refOf = (item: IndexItem) => ({
  sourceId: item.sourceId,
  id: item.providerItemId,
  path: item.folder ? `${item.folder}/${item.name}` : item.name,
  media: mediaOf(item),
});

const mediaOf = (item: IndexItem) => item.mediaType ?? (item.mimeType?.startsWith('video/') ? 'video' : 'image');

/** Providers of one run, made once per source (a sign-in token refresh is shared by every item). */
export class ProviderCache {
  private readonly made = new Map<string, Promise<Provider>>();
  constructor(
    private readonly db: HypomosDb,
    private readonly providerFor: ProviderFor,
  ) {}

  get(sourceId: string): Promise<Provider> {
    let p = this.made.get(sourceId);
    if (!p) {
      p = this.db.sources.get(sourceId).then((s) => {
        if (!s) throw new ProviderError('not_found', `The source ${sourceId} is no longer connected`);
        return this.providerFor(s);
      });
      this.made.set(sourceId, p);
    }
    return p;
  }
}

/** Why a link could not be made, in words the owner can act on. */
export function linkFailure(error: unknown): string {
  if (error instanceof ProviderError) {
    if (error.kind === 'forbidden') return `Refused by the storage: ${error.message}`;
    if (error.kind === 'unauthorized') return `Sign in to the source again: ${error.message}`;
    if (error.kind === 'not_found') return 'The file is gone at the source';
    return `${error.kind}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Revokes the link made for one published row, unless another live share of the same item uses the same
 * link (OneDrive hands back the existing anonymous link, so two shares can hold one link).
 */
export async function revokeRowLink(db: HypomosDb, providers: ProviderCache, row: PublishedItem): Promise<void> {
  if (!row.link || !row.ref) return;
  const link: DelegatedLink = row.link;
  const others = (await db.published.where('itemKey').equals(row.itemKey).toArray())
    .map(asPublished)
    .filter(
      (o) =>
        o.shareId !== row.shareId &&
        o.link?.linkId === link.linkId &&
        (o.state === 'published' || o.state === 'pending'),
    );
  if (others.length > 0) return;
  const provider = await providers.get(row.ref.sourceId);
  await provider.revokeLink({ id: row.ref.id, path: row.ref.path }, link);
}
