import { z } from 'zod';

/** The one error body every API route answers with (worker/src/errors.ts shapes it). */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Server-made ids: 22+ url-safe characters. Branded so a collection id is never passed where an event id belongs. */
const serverId = () => z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);
export const UserId = serverId().brand<'UserId'>();
export type UserId = z.infer<typeof UserId>;
export const CollectionId = serverId().brand<'CollectionId'>();
export type CollectionId = z.infer<typeof CollectionId>;
export const ItemId = serverId().brand<'ItemId'>();
export type ItemId = z.infer<typeof ItemId>;
export const ShareId = serverId().brand<'ShareId'>();
export type ShareId = z.infer<typeof ShareId>;
export const EventId = serverId().brand<'EventId'>();
export type EventId = z.infer<typeof EventId>;

/** Timestamps cross the wire as ISO 8601 UTC strings. */
export const IsoTime = z.iso.datetime({ offset: true });

/** Opaque keyset cursor for paged lists; null when there is no further page. */
export const Cursor = z.string().max(200).nullable();

export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Per-item outcome of every bulk call: one result per input, in input order, with a reason code on refusal. */
export const BulkReason = z.enum([
  'invalid',
  'unknown_source',
  'collection_full',
  'duplicate_in_request',
  'not_found',
  'already_decided',
  'undo_expired',
  'withdrawn',
  'contributions_closed',
]);
export type BulkReason = z.infer<typeof BulkReason>;
