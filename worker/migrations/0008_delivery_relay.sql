-- Per-item delivery descriptor (shared/src/sharing/delivery.ts) as JSON: how a guest's browser gets the grid image,
-- the full image or video and the download bytes, and which delegated link the relay may stream. Null for items
-- published before it: the viewer then uses original_url/thumbnail_url as before.
ALTER TABLE items ADD COLUMN delivery TEXT;
-- The owner can keep every byte out of the portal for a share ("nothing passes through the portal").
ALTER TABLE shares ADD COLUMN relay_enabled INTEGER NOT NULL DEFAULT 1;
