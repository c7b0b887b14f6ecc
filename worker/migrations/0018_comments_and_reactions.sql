-- Issue 23, comments and reactions: the owner of a share, or an event's organizer, turns each on (off for every
-- link that exists).
ALTER TABLE shares ADD COLUMN comments_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shares ADD COLUMN reactions_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN comments_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN reactions_enabled INTEGER NOT NULL DEFAULT 0;
-- scope_id is the share's or the event's id (both are only ever revoked, never deleted). author_hash is the hash of
-- the scope and the viewer's secret (lets the author delete it); address_hash bounds comments per address.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  scope_id TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  author_hash TEXT NOT NULL,
  address_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX comments_scope_item ON comments(scope_id, item_id, created_at);
CREATE INDEX comments_scope_address ON comments(scope_id, address_hash);
-- One reaction per viewer and item: a new kind replaces the old one.
CREATE TABLE reactions (
  scope_id TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  viewer_hash TEXT NOT NULL,
  address_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('heart', 'smile', 'wow', 'star', 'fire')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope_id, item_id, viewer_hash)
);
CREATE INDEX reactions_scope_address ON reactions(scope_id, address_hash);
CREATE INDEX reactions_item ON reactions(item_id);
