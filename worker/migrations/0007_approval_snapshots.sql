-- Issue 16, finding 1: an approval covers what the organizer saw. approved_snapshot holds the item's viewer-visible
-- fields at approval (worker/src/repositories/item-sql.ts VISIBLE_SNAPSHOT); a write that changes them sends the
-- item back to pending and sets changed_at, so the organizer sees before and after.
ALTER TABLE approvals ADD COLUMN approved_snapshot TEXT;
ALTER TABLE approvals ADD COLUMN changed_at INTEGER;
-- Items approved before this migration are taken as approved in their current form.
UPDATE approvals SET approved_snapshot = (
  SELECT json_object('mediaType', i.media_type, 'mimeType', i.mime_type, 'capturedAt', i.captured_at, 'width', i.width,
    'height', i.height, 'durationSec', i.duration_sec, 'blurhash', i.blurhash, 'placeLabel', i.place_label,
    'originalUrl', i.original_url, 'thumbnailUrl', i.thumbnail_url, 'contentHash', i.content_hash)
  FROM items i WHERE i.id = approvals.item_id)
WHERE state = 'approved';
