-- Issue 23, per-guest moderation: an organizer trusts a guest (their later items are approved as they arrive) or
-- blocks one (pending items rejected, new contributions refused). One current standing per guest and event; every
-- change, revocation included, is kept in the log with who made it and when.
CREATE TABLE guest_standings (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contributor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  standing TEXT NOT NULL CHECK (standing IN ('trusted', 'blocked')),
  set_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, contributor_id)
);
CREATE TABLE guest_standing_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contributor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  standing TEXT NOT NULL CHECK (standing IN ('trusted', 'blocked', 'none')),
  set_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  set_at INTEGER NOT NULL
);
CREATE INDEX guest_standing_log_guest ON guest_standing_log(event_id, contributor_id, id);
-- Set when trust approved the item (on arrival, or again after a change), not the organizer: the queue shows it.
ALTER TABLE approvals ADD COLUMN auto_approved_at INTEGER;
-- The organizer's control over the live wall (/e/<token>/wall): live, paused (holds the current photo), hidden.
ALTER TABLE events ADD COLUMN wall_mode TEXT NOT NULL DEFAULT 'live' CHECK (wall_mode IN ('live', 'paused', 'hidden'));
