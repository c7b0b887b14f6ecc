-- Issue 23, client proofing: on a gallery the photographer lets clients mark favourites, optionally up to a limit per
-- client, until a deadline that locks the selection. Off (0) for every share that exists.
ALTER TABLE shares ADD COLUMN proofing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shares ADD COLUMN proofing_limit INTEGER CHECK (proofing_limit IS NULL OR proofing_limit BETWEEN 1 AND 10000);
ALTER TABLE shares ADD COLUMN proofing_deadline INTEGER;
-- The file name the owner's device sent with a gallery's item: the photographer's export lists it. Never shown to a
-- viewer (it is not in toPublicItem), and null for items published before or outside galleries.
ALTER TABLE items ADD COLUMN file_name TEXT;
-- One client choosing on a gallery: the name they typed and a bearer token (only its hash is kept) their browser holds.
CREATE TABLE proofing_clients (
  id TEXT PRIMARY KEY,
  share_id TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX proofing_clients_share ON proofing_clients(share_id, created_at);
-- A favourite: gone with its client, or with its item when the owner withdraws it from the gallery.
CREATE TABLE proofing_picks (
  client_id TEXT NOT NULL REFERENCES proofing_clients(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  picked_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, item_id)
);
CREATE INDEX proofing_picks_item ON proofing_picks(item_id);
