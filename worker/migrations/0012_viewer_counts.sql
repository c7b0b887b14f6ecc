-- Issue 16, finding 6: one viewer could add 5,000 likes in a burst and report every item of a share as dead.
-- A viewer (its address, an IPv6 /64, hashed with the share or event id) now counts once per item and kind, and
-- reports an item once; the owner sees how many viewers reported it. `batch` finds one request's new marks.
CREATE TABLE viewer_marks (
  scope_id TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  viewer TEXT NOT NULL,
  batch TEXT NOT NULL,
  PRIMARY KEY (scope_id, item_id, kind, viewer)
) WITHOUT ROWID;
CREATE INDEX viewer_marks_batch ON viewer_marks(batch);
CREATE INDEX viewer_marks_item ON viewer_marks(item_id);

CREATE TABLE dead_link_reporters (
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  viewer TEXT NOT NULL,
  PRIMARY KEY (item_id, viewer)
) WITHOUT ROWID;
ALTER TABLE dead_link_reports ADD COLUMN viewers INTEGER NOT NULL DEFAULT 1;
