-- A direct share is an invitation to an email address, so adding a recipient answers the same whether or not
-- the address has an account (no email oracle). user_id is bound when that person reads their inbox.
CREATE TABLE recipients_new (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
  created_at INTEGER NOT NULL,
  UNIQUE (collection_id, email)
);
INSERT INTO recipients_new (id, collection_id, email, user_id, status, created_at)
  SELECT r.id, r.collection_id, lower(u.email), r.user_id, r.status, r.created_at
  FROM recipients r JOIN users u ON u.id = r.user_id WHERE u.email IS NOT NULL;
DROP TABLE recipients;
ALTER TABLE recipients_new RENAME TO recipients;
CREATE INDEX recipients_user ON recipients(user_id, created_at);
CREATE INDEX recipients_email ON recipients(email) WHERE user_id IS NULL;
