-- Shared collections, their items (metadata and delegated links only, never bytes), share links and direct shares.
CREATE TABLE sources (
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('onedrive', 'gdrive', 'azure', 'folder')),
  name TEXT NOT NULL,
  PRIMARY KEY (owner_id, id)
);

CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('static', 'dynamic')),
  filter_summary TEXT,
  item_count INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX collections_owner ON collections(owner_id, created_at);

CREATE TABLE items (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  source_item_id TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image', 'video')),
  mime_type TEXT,
  captured_at INTEGER,
  -- Paging key: capture time, or 0 when unknown, so undated items sort first and paging never needs NULL handling.
  sort_key INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  duration_sec REAL,
  blurhash TEXT,
  place_label TEXT,
  original_url TEXT NOT NULL,
  thumbnail_url TEXT,
  link_expires_at INTEGER,
  content_hash TEXT,
  generation INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (collection_id, source_id, source_item_id),
  FOREIGN KEY (owner_id, source_id) REFERENCES sources(owner_id, id)
);
CREATE INDEX items_collection_page ON items(collection_id, sort_key, id);
CREATE INDEX items_collection_generation ON items(collection_id, generation);

CREATE TABLE shares (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('link', 'gallery')),
  title TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER,
  passcode_hash TEXT,
  allow_download INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL,
  CHECK (kind <> 'gallery' OR expires_at IS NOT NULL)
);
CREATE INDEX shares_owner ON shares(owner_id, created_at);
CREATE INDEX shares_collection ON shares(collection_id);

-- Proof that a viewer typed the passcode: a hashed grant with its own expiry.
CREATE TABLE share_unlocks (
  token_hash TEXT PRIMARY KEY,
  share_id TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX share_unlocks_share ON share_unlocks(share_id);

-- Direct shares of a collection to another account; the recipient accepts or declines.
CREATE TABLE recipients (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
  created_at INTEGER NOT NULL,
  UNIQUE (collection_id, user_id)
);
CREATE INDEX recipients_user ON recipients(user_id, created_at);
