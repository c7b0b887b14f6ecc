-- Source kinds take the index's names (shared/src/index/item.ts SourceKind): azure → azblob, folder → local.
-- SQLite cannot alter a CHECK, so the table is rebuilt; items reference sources, so the foreign-key check is
-- deferred to the end of the migration's transaction, when the rebuilt table answers the same keys again.
PRAGMA defer_foreign_keys = true;
CREATE TABLE sources_new (
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('onedrive', 'gdrive', 'azblob', 'local')),
  name TEXT NOT NULL,
  PRIMARY KEY (owner_id, id)
);
INSERT INTO sources_new (owner_id, id, kind, name)
  SELECT owner_id, id, CASE kind WHEN 'azure' THEN 'azblob' WHEN 'folder' THEN 'local' ELSE kind END, name FROM sources;
DROP TABLE sources;
ALTER TABLE sources_new RENAME TO sources;
PRAGMA defer_foreign_keys = false;
