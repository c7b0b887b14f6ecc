import type { items } from '../db/schema';

export type ItemRow = typeof items.$inferSelect;

/** Item columns aliased to the drizzle row shape, for the raw statements the bulk paths need. */
export const ITEM_COLUMNS = `i.id AS id, i.collection_id AS collectionId, i.owner_id AS ownerId, i.source_id AS sourceId,
  i.source_item_id AS sourceItemId, i.media_type AS mediaType, i.mime_type AS mimeType, i.captured_at AS capturedAt,
  i.sort_key AS sortKey, i.width AS width, i.height AS height, i.duration_sec AS durationSec, i.blurhash AS blurhash,
  i.place_label AS placeLabel, i.original_url AS originalUrl, i.thumbnail_url AS thumbnailUrl,
  i.link_expires_at AS linkExpiresAt, i.content_hash AS contentHash, i.delivery AS delivery, i.file_name AS fileName, i.generation AS generation,
  i.created_at AS createdAt, i.updated_at AS updatedAt`;

/** The fields a publish or patch writes; JSON-encoded as one array so a 500-item batch is one statement. */
export type ItemWrite = Pick<
  ItemRow,
  | 'id'
  | 'sourceId'
  | 'sourceItemId'
  | 'mediaType'
  | 'mimeType'
  | 'capturedAt'
  | 'sortKey'
  | 'width'
  | 'height'
  | 'durationSec'
  | 'blurhash'
  | 'placeLabel'
  | 'originalUrl'
  | 'thumbnailUrl'
  | 'linkExpiresAt'
  | 'contentHash'
  | 'delivery'
  | 'fileName'
>;

/**
 * What a viewer sees of an item, as (API field, column) pairs. An approval covers exactly these: when one changes,
 * the item goes back to the organizer. `linkExpiresAt` is left out (a link's expiry is not content); `contentHash`
 * is in, so the organizer can tell "same file, new link" from "different file".
 */
export const VISIBLE_FIELDS = [
  ['mediaType', 'media_type'],
  ['mimeType', 'mime_type'],
  ['capturedAt', 'captured_at'],
  ['width', 'width'],
  ['height', 'height'],
  ['durationSec', 'duration_sec'],
  ['blurhash', 'blurhash'],
  ['placeLabel', 'place_label'],
  ['originalUrl', 'original_url'],
  ['thumbnailUrl', 'thumbnail_url'],
  ['contentHash', 'content_hash'],
] as const satisfies readonly (readonly [keyof ItemWrite, string])[];

/** Whether a write changes anything a viewer sees of the stored row. */
export const changesVisible = (old: ItemRow, write: ItemWrite) => VISIBLE_FIELDS.some(([k]) => old[k] !== write[k]);

/** The viewer-visible fields of the item aliased `i`, as one JSON text (stored at approval, compared on writes). */
export const VISIBLE_SNAPSHOT = `json_object(${VISIBLE_FIELDS.map(([k, col]) => `'${k}', i.${col}`).join(', ')})`;

// json_each keeps the statement at a handful of bound parameters (D1 allows 100 per statement).
export const UPSERT_ITEMS = `INSERT INTO items (id, collection_id, owner_id, source_id, source_item_id, media_type, mime_type,
  captured_at, sort_key, width, height, duration_sec, blurhash, place_label, original_url, thumbnail_url, link_expires_at,
  content_hash, delivery, file_name, generation, created_at, updated_at)
SELECT j.value->>'id', ?1, ?2, j.value->>'sourceId', j.value->>'sourceItemId', j.value->>'mediaType', j.value->>'mimeType',
  j.value->>'capturedAt', j.value->>'sortKey', j.value->>'width', j.value->>'height', j.value->>'durationSec',
  j.value->>'blurhash', j.value->>'placeLabel', j.value->>'originalUrl', j.value->>'thumbnailUrl',
  j.value->>'linkExpiresAt', j.value->>'contentHash', j.value->>'delivery', j.value->>'fileName', ?3, ?4, ?4
FROM json_each(?5) AS j WHERE true
ON CONFLICT (collection_id, source_id, source_item_id) DO UPDATE SET
  media_type = excluded.media_type, mime_type = excluded.mime_type, captured_at = excluded.captured_at,
  sort_key = excluded.sort_key, width = excluded.width, height = excluded.height, duration_sec = excluded.duration_sec,
  blurhash = excluded.blurhash, place_label = excluded.place_label, original_url = excluded.original_url,
  thumbnail_url = excluded.thumbnail_url, link_expires_at = excluded.link_expires_at, content_hash = excluded.content_hash,
  delivery = excluded.delivery, file_name = excluded.file_name, generation = excluded.generation, updated_at = excluded.updated_at`;

/** The contributor's standing in the event of contribution `c` (issue 23): 'trusted', 'blocked' or NULL. */
const STANDING_OF_C = `(SELECT s.standing FROM guest_standings s WHERE s.event_id = c.event_id AND s.contributor_id = c.contributor_id)`;

/**
 * New items of a collection that is contributed to open events start pending there; a trusted guest's are approved
 * as they arrive (recorded, with what was approved), a blocked guest's rejected.
 */
export const ENQUEUE_CONTRIBUTED = `INSERT OR IGNORE INTO approvals (event_id, item_id, contribution_id, state, sort_key, updated_at,
  approved_snapshot, auto_approved_at)
SELECT c.event_id, i.id, c.id,
  CASE ${STANDING_OF_C} WHEN 'trusted' THEN 'approved' WHEN 'blocked' THEN 'rejected' ELSE 'pending' END,
  i.sort_key, ?2,
  CASE WHEN ${STANDING_OF_C} = 'trusted' THEN ${VISIBLE_SNAPSHOT} END,
  CASE WHEN ${STANDING_OF_C} = 'trusted' THEN ?2 END
FROM contributions c JOIN events e ON e.id = c.event_id JOIN items i ON i.collection_id = c.collection_id
WHERE c.collection_id = ?1 AND c.withdrawn_at IS NULL AND e.revoked_at IS NULL AND e.expires_at > ?2
  AND (e.contributions_end_at IS NULL OR e.contributions_end_at > ?2)`;

/** Keeps the approvals' copy of the paging key in step with re-published capture times. */
export const RESORT_APPROVALS = `UPDATE approvals SET sort_key = (SELECT i.sort_key FROM items i WHERE i.id = approvals.item_id)
WHERE contribution_id IN (SELECT id FROM contributions WHERE collection_id = ?1)`;

/**
 * The organizer's own contributions to their own event stay approved when they change (a refreshed link must not
 * hide an owner's items from their own event): their approval snapshot follows the item.
 */
export const FOLLOW_ORGANIZER_OWN = `UPDATE approvals SET approved_snapshot = (SELECT ${VISIBLE_SNAPSHOT} FROM items i WHERE i.id = approvals.item_id)
WHERE state = 'approved' AND contribution_id IN (SELECT c.id FROM contributions c JOIN events e ON e.id = c.event_id
  WHERE c.collection_id = ?1 AND c.contributor_id = e.organizer_id)`;

/**
 * A trusted guest's changed item stays approved, because trust covers their later versions too; the change is still
 * recorded (changed_at, auto_approved_at) and the approval snapshot follows, so the organizer sees what trust let in.
 */
export const FOLLOW_TRUSTED = `UPDATE approvals SET approved_snapshot = (SELECT ${VISIBLE_SNAPSHOT} FROM items i WHERE i.id = approvals.item_id),
  changed_at = ?2, auto_approved_at = ?2, updated_at = ?2
WHERE state = 'approved' AND contribution_id IN (SELECT c.id FROM contributions c
    JOIN guest_standings s ON s.event_id = c.event_id AND s.contributor_id = c.contributor_id AND s.standing = 'trusted'
    WHERE c.collection_id = ?1)
  AND approved_snapshot IS NOT (SELECT ${VISIBLE_SNAPSHOT} FROM items i WHERE i.id = approvals.item_id)`;

/**
 * Any other approved item whose visible fields differ from what was approved goes back to pending, marked changed
 * (issue 16, finding 1); a blocked guest's is rejected instead.
 */
export const REQUEUE_CHANGED = `UPDATE approvals SET changed_at = ?2, updated_at = ?2, auto_approved_at = NULL,
  state = CASE WHEN EXISTS (SELECT 1 FROM contributions c JOIN guest_standings s ON s.event_id = c.event_id
    AND s.contributor_id = c.contributor_id AND s.standing = 'blocked' WHERE c.id = approvals.contribution_id)
    THEN 'rejected' ELSE 'pending' END
WHERE state = 'approved' AND contribution_id IN (SELECT id FROM contributions WHERE collection_id = ?1)
  AND approved_snapshot IS NOT (SELECT ${VISIBLE_SNAPSHOT} FROM items i WHERE i.id = approvals.item_id)`;

/** Every item write ends with this: the count, and the version that keys the edge cache of public pages. */
export const RECOUNT = `UPDATE collections SET item_count = (SELECT count(*) FROM items WHERE collection_id = ?1), updated_at = ?2,
  version = version + 1 WHERE id = ?1`;

/** Events showing this collection's items (approved ones) see its changes too. */
export const BUMP_CONTRIBUTED_EVENTS = `UPDATE events SET version = version + 1
WHERE id IN (SELECT event_id FROM contributions WHERE collection_id = ?1)`;

export const BUMP_EVENT = 'UPDATE events SET version = version + 1 WHERE id = ?1';
