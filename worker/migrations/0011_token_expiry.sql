-- Issue 16, finding 6: API tokens never expired. A token now lapses 90 days after its last use (each use moves
-- expires_at on); tokens in use today get 90 days from their last use.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = coalesce(last_used_at, created_at) + 7776000000;
