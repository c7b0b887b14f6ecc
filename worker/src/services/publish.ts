import {
  MAX_ITEMS_PER_COLLECTION,
  type ItemRef,
  type ItemResult,
  PatchItem,
  PublishItem,
} from '@hypomos/shared/api/collections';
import type { BulkReason, ItemId } from '@hypomos/shared/api/common';
import { type DeliveryDescriptor, deliveryHostsAllowed } from '@hypomos/shared/sharing/delivery';
import { type HostPolicy, isAllowedMediaUrl, providerOfUrl } from '@hypomos/shared/sharing/media-hosts';
import { ApiError } from '../errors';
import type { CollectionRow, ItemRow, ItemWrite } from '../repositories/collections';
import { changesVisible } from '../repositories/item-sql';
import { newId } from '../repositories/crypto';
import type { Repos } from '../repositories';

// Publishing rules: idempotent by (source, source item id), one result per input item, bounded collection size,
// and the accepted items of a request are written in one D1 batch (all or nothing). A visible change to an item in an
// event whose contribution window has closed is refused: from then on its contributor may only withdraw it.

const refKey = (r: ItemRef) => `${r.sourceId}\u0000${r.sourceItemId}`;
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

function rejected(index: number, ref: Partial<ItemRef>, reason: BulkReason): ItemResult {
  return {
    index,
    sourceId: ref.sourceId ?? null,
    sourceItemId: ref.sourceItemId ?? null,
    status: 'rejected',
    itemId: null,
    reason,
  };
}

function refOf(raw: unknown): Partial<ItemRef> {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    sourceId: typeof r.sourceId === 'string' ? r.sourceId.slice(0, 128) : undefined,
    sourceItemId: typeof r.sourceItemId === 'string' ? r.sourceItemId.slice(0, 512) : undefined,
  };
}

function toWrite(p: PublishItem, id: string): ItemWrite {
  const capturedAt = ms(p.capturedAt);
  return {
    id,
    sourceId: p.sourceId,
    sourceItemId: p.sourceItemId,
    mediaType: p.mediaType,
    mimeType: p.mimeType,
    capturedAt,
    sortKey: capturedAt ?? 0,
    width: p.width,
    height: p.height,
    durationSec: p.durationSec,
    blurhash: p.blurhash,
    placeLabel: p.placeLabel,
    originalUrl: p.originalUrl,
    thumbnailUrl: p.thumbnailUrl,
    linkExpiresAt: ms(p.linkExpiresAt),
    contentHash: p.contentHash,
    delivery: p.delivery === null ? null : JSON.stringify(p.delivery),
    fileName: p.fileName,
  };
}

/** The item's own links must be on some provider's media hosts (the descriptor's links are checked per provider). */
function linksAllowed(x: { originalUrl?: string; thumbnailUrl?: string | null }, policy: HostPolicy) {
  return [x.originalUrl, x.thumbnailUrl].every((u) => u == null || providerOfUrl(u, policy) !== null);
}

/**
 * Links off the provider media hosts (e.g. a cloud metadata address, a URL with user info, a tracking host) are
 * refused like any invalid item, with the same allow-list the relay uses; the relay re-checks descriptors too.
 */
const withHostCheck =
  <T extends { delivery?: DeliveryDescriptor | null; originalUrl?: string; thumbnailUrl?: string | null }>(
    parse: (x: unknown) => { success: true; data: T } | { success: false },
    policy: HostPolicy,
  ) =>
  (x: unknown): { success: true; data: T } | { success: false } => {
    const r = parse(x);
    if (!r.success) return r;
    // The web-size rendition is an extra: one on a host outside the allow-list (e.g. a thumbnail host this portal
    // does not know yet) is dropped, so the item itself is still shared; the rest of the descriptor must pass.
    const d = r.data.delivery;
    if (d?.web && !isAllowedMediaUrl(d.web, d.provider, policy)) r.data.delivery = { ...d, web: null };
    const descriptorOk = !r.data.delivery || deliveryHostsAllowed(r.data.delivery, policy);
    return descriptorOk && linksAllowed(r.data, policy) ? r : { success: false };
  };

/** Validates each item alone and drops in-request duplicates, keeping the first. */
function screen<T extends ItemRef>(
  raw: unknown[],
  parse: (x: unknown) => { success: true; data: T } | { success: false },
) {
  const results: (ItemResult | null)[] = [];
  const accepted: { index: number; item: T }[] = [];
  const seen = new Set<string>();
  for (const [index, x] of raw.entries()) {
    const parsed = parse(x);
    if (!parsed.success) {
      results.push(rejected(index, refOf(x), 'invalid'));
    } else if (seen.has(refKey(parsed.data))) {
      results.push(rejected(index, parsed.data, 'duplicate_in_request'));
    } else {
      seen.add(refKey(parsed.data));
      results.push(null);
      accepted.push({ index, item: parsed.data });
    }
  }
  return { results, accepted };
}

export async function publishItems(
  repos: Repos,
  collection: CollectionRow,
  raw: unknown[],
  generation: number | undefined,
  now: number,
  hosts: HostPolicy = {},
) {
  if (generation !== undefined && generation !== collection.generation) {
    throw new ApiError(409, 'stale_generation', 'Another replace started since; start again.');
  }
  const { results, accepted } = screen(
    raw,
    withHostCheck((x) => PublishItem.safeParse(x), hosts),
  );
  const known = await repos.collections.knownSources(collection.ownerId, [
    ...new Set(accepted.map((a) => a.item.sourceId)),
  ]);
  const sourced = accepted.filter((a) => known.has(a.item.sourceId));
  for (const a of accepted)
    if (!known.has(a.item.sourceId)) results[a.index] = rejected(a.index, a.item, 'unknown_source');
  const existing = new Map(
    (
      await repos.collections.existing(
        collection.id,
        sourced.map((a) => a.item),
      )
    ).map((r) => [refKey(r), r]),
  );
  let room = MAX_ITEMS_PER_COLLECTION - collection.itemCount;
  const writes: ItemWrite[] = [];
  const closed = await closedChanges(
    repos,
    sourced.flatMap(({ item }) => {
      const old = existing.get(refKey(item));
      return old ? [[old, toWrite(item, old.id)] as const] : [];
    }),
    now,
  );
  for (const { index, item } of sourced) {
    const old = existing.get(refKey(item));
    if (!old && room <= 0) {
      results[index] = rejected(index, item, 'collection_full');
      continue;
    }
    if (old && closed.has(old.id)) {
      results[index] = rejected(index, item, 'contributions_closed');
      continue;
    }
    if (!old) room--;
    const write = toWrite(item, old?.id ?? newId());
    writes.push(write);
    results[index] = {
      index,
      sourceId: item.sourceId,
      sourceItemId: item.sourceItemId,
      status: old ? 'updated' : 'created',
      itemId: write.id as ItemId,
      reason: null,
    };
  }
  const itemCount = writes.length
    ? await repos.collections.writeItems(collection, writes, collection.generation, now)
    : collection.itemCount;
  return { results: results as ItemResult[], itemCount };
}

export async function patchItems(
  repos: Repos,
  collection: CollectionRow,
  raw: unknown[],
  now: number,
  hosts: HostPolicy = {},
) {
  const { results, accepted } = screen(
    raw,
    withHostCheck((x) => PatchItem.safeParse(x), hosts),
  );
  const existing = new Map(
    (
      await repos.collections.existing(
        collection.id,
        accepted.map((a) => a.item),
      )
    ).map((r) => [refKey(r), r]),
  );
  const writes: ItemWrite[] = [];
  const closed = await closedChanges(
    repos,
    accepted.flatMap(({ item }) => {
      const old = existing.get(refKey(item));
      return old ? [[old, merge(old, item)] as const] : [];
    }),
    now,
  );
  for (const { index, item } of accepted) {
    const old = existing.get(refKey(item));
    if (!old) {
      results[index] = rejected(index, item, 'not_found');
      continue;
    }
    if (closed.has(old.id)) {
      results[index] = rejected(index, item, 'contributions_closed');
      continue;
    }
    writes.push(merge(old, item));
    results[index] = {
      index,
      sourceId: item.sourceId,
      sourceItemId: item.sourceItemId,
      status: 'updated',
      itemId: old.id as ItemId,
      reason: null,
    };
  }
  const itemCount = writes.length
    ? await repos.collections.writeItems(collection, writes, collection.generation, now)
    : collection.itemCount;
  return { results: results as ItemResult[], itemCount };
}

/** Ids of the items whose write changes what viewers see while they sit in an event closed to contributions. */
async function closedChanges(repos: Repos, pairs: readonly (readonly [ItemRow, ItemWrite])[], now: number) {
  const changing = pairs.filter(([old, write]) => changesVisible(old, write)).map(([old]) => old.id);
  return changing.length ? repos.events.closedForChanges(changing, now) : new Set<string>();
}

function merge(old: ItemRow, p: PatchItem): ItemWrite {
  const has = (k: keyof PatchItem) => Object.hasOwn(p, k) && p[k] !== undefined;
  const capturedAt = has('capturedAt') ? ms(p.capturedAt ?? null) : old.capturedAt;
  return {
    id: old.id,
    sourceId: old.sourceId,
    sourceItemId: old.sourceItemId,
    mediaType: p.mediaType ?? old.mediaType,
    mimeType: has('mimeType') ? (p.mimeType ?? null) : old.mimeType,
    capturedAt,
    sortKey: capturedAt ?? 0,
    width: has('width') ? (p.width ?? null) : old.width,
    height: has('height') ? (p.height ?? null) : old.height,
    durationSec: has('durationSec') ? (p.durationSec ?? null) : old.durationSec,
    blurhash: has('blurhash') ? (p.blurhash ?? null) : old.blurhash,
    placeLabel: has('placeLabel') ? (p.placeLabel ?? null) : old.placeLabel,
    originalUrl: p.originalUrl ?? old.originalUrl,
    thumbnailUrl: has('thumbnailUrl') ? (p.thumbnailUrl ?? null) : old.thumbnailUrl,
    linkExpiresAt: has('linkExpiresAt') ? ms(p.linkExpiresAt ?? null) : old.linkExpiresAt,
    contentHash: has('contentHash') ? (p.contentHash ?? null) : old.contentHash,
    delivery: has('delivery') ? (p.delivery ? JSON.stringify(p.delivery) : null) : old.delivery,
    fileName: has('fileName') ? (p.fileName ?? null) : old.fileName,
  };
}

export async function removeItems(repos: Repos, collection: CollectionRow, refs: ItemRef[], now: number) {
  const { removed, itemCount } = await repos.collections.removeItems(collection.id, refs, now);
  const gone = new Map(removed.map((r) => [refKey(r), r.id]));
  const results: ItemResult[] = refs.map((ref, index) => {
    const id = gone.get(refKey(ref));
    return id
      ? { index, ...ref, status: 'removed', itemId: id as ItemId, reason: null }
      : rejected(index, ref, 'not_found');
  });
  return { results, itemCount };
}
