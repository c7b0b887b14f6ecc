import { z } from 'zod';
import { PlainText } from './plain-text';
import { MediaType, SourceKind } from '../index/item';
import { DeliveryDescriptor } from '../sharing/delivery';
import { BulkReason, CollectionId, Cursor, IsoTime, ItemId } from './common';

/** Hard limits the worker enforces (and the extension's publisher batches by). */
export const MAX_ITEMS_PER_COLLECTION = 10_000;
export const MAX_ITEMS_PER_REQUEST = 500;
/** Request bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1_048_576;

const httpUrl = z.url({ protocol: /^https?$/ }).max(4096);
const SourceKey = z.string().min(1).max(128);

/** The index's names (shared/src/index/item.ts): one vocabulary from the extension to D1. */
export { SourceKind };

/** A source is only its id, kind and display name: never a credential. */
export const SourceBody = z.object({ kind: SourceKind, name: PlainText(1, 200) }).strict();
export type SourceBody = z.infer<typeof SourceBody>;
export const Source = SourceBody.extend({ id: SourceKey });
export type Source = z.infer<typeof Source>;

export const CollectionKind = z.enum(['static', 'dynamic']);
export const CreateCollectionBody = z
  .object({
    title: PlainText(1, 200),
    kind: CollectionKind,
    /** Human-readable summary of a dynamic collection's filter, e.g. "Tag: Italy, 2019". */
    filterSummary: PlainText(0, 500).nullable().default(null),
  })
  .strict();
export type CreateCollectionBody = z.infer<typeof CreateCollectionBody>;
export const PatchCollectionBody = CreateCollectionBody.pick({ title: true, filterSummary: true }).partial().strict();

export const Collection = z.object({
  id: CollectionId,
  title: z.string(),
  kind: CollectionKind,
  filterSummary: z.string().nullable(),
  itemCount: z.number().int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Collection = z.infer<typeof Collection>;

/** Identifies an item the way the extension knows it: (source, item id at the source). */
export const ItemRef = z.object({ sourceId: SourceKey, sourceItemId: z.string().min(1).max(512) }).strict();
export type ItemRef = z.infer<typeof ItemRef>;

/** Item fields besides its ref; nullable ones default to null when publishing and stay untouched when patching. */
const itemFields = {
  mimeType: z.string().max(100).nullable(),
  /** The wall-clock capture time where it was taken, written in UTC form (index/capture-date.ts); shown as is. */
  capturedAt: IsoTime.nullable(),
  width: z.number().int().positive().max(100_000).nullable(),
  height: z.number().int().positive().max(100_000).nullable(),
  durationSec: z.number().nonnegative().nullable(),
  blurhash: z.string().min(6).max(100).nullable(),
  placeLabel: PlainText(0, 200).nullable(),
  thumbnailUrl: httpUrl.nullable(),
  linkExpiresAt: IsoTime.nullable(),
  contentHash: z.string().max(128).nullable(),
  /** How a guest gets the bytes, per provider (shared/src/sharing/delivery.ts); null: originalUrl/thumbnailUrl only. */
  delivery: DeliveryDescriptor.nullable(),
  /** Galleries only (the owner's device decides): what the photographer's proofing export lists. Owner-only. */
  fileName: PlainText(1, 255).nullable(),
};
type NullableField = keyof typeof itemFields;
const withNullDefaults = Object.fromEntries(
  Object.entries(itemFields).map(([k, v]) => [k, (v as z.ZodNullable<z.ZodType>).default(null)]),
) as { [K in NullableField]: z.ZodDefault<(typeof itemFields)[K]> };

/** What the extension publishes for one item: metadata and delegated links, never bytes. */
export const PublishItem = ItemRef.extend({ mediaType: MediaType, originalUrl: httpUrl, ...withNullDefaults }).strict();
export type PublishItem = z.infer<typeof PublishItem>;
export type PublishItemInput = z.input<typeof PublishItem>;

export const PublishBody = z
  .object({
    /** Items are validated one by one so a bad item is refused alone; the array itself is bounded. */
    items: z.array(z.unknown()).min(1).max(MAX_ITEMS_PER_REQUEST),
    /** Set while replacing a collection (see ReplaceStarted); items not re-published by the commit vanish. */
    generation: z.number().int().positive().optional(),
  })
  .strict();

/** A patch names the item and only the fields that change. */
export const PatchItem = ItemRef.extend(
  z.object({ mediaType: MediaType, originalUrl: httpUrl, ...itemFields }).partial().shape,
).strict();
export type PatchItem = z.infer<typeof PatchItem>;
export const PatchItemsBody = z.object({ items: z.array(z.unknown()).min(1).max(MAX_ITEMS_PER_REQUEST) }).strict();
export const RemoveItemsBody = z.object({ items: z.array(ItemRef).min(1).max(MAX_ITEMS_PER_REQUEST) }).strict();

export const ItemResult = z.object({
  index: z.number().int(),
  sourceId: z.string().nullable(),
  sourceItemId: z.string().nullable(),
  status: z.enum(['created', 'updated', 'removed', 'rejected']),
  itemId: ItemId.nullable(),
  reason: BulkReason.nullable(),
});
export type ItemResult = z.infer<typeof ItemResult>;
export const BulkItemsResponse = z.object({ results: z.array(ItemResult), itemCount: z.number().int() });
export type BulkItemsResponse = z.infer<typeof BulkItemsResponse>;

export const ReplaceStarted = z.object({ generation: z.number().int().positive() });
export const ReplaceCommitted = z.object({ removed: z.number().int(), itemCount: z.number().int() });

/** An item as its owner sees it. */
export const OwnerItem = PublishItem.extend({ id: ItemId, updatedAt: IsoTime }).strip();
export type OwnerItem = z.infer<typeof OwnerItem>;
export const OwnerItemPage = z.object({ items: z.array(OwnerItem), nextCursor: Cursor });
