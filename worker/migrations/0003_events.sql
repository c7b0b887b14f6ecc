-- Events: guests contribute collections; every contributed item carries an approval state.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  organizer_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  contributions_end_at INTEGER,
  expires_at INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX events_organizer ON events(organizer_id, created_at);

CREATE TABLE contributions (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contributor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  withdrawn_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (event_id, collection_id)
);
CREATE INDEX contributions_contributor ON contributions(contributor_id, created_at);
CREATE INDEX contributions_collection ON contributions(collection_id);

-- Items leave the event when deleted at the source (cascade) or withdrawn (state).
CREATE TABLE approvals (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn')),
  sort_key INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, item_id)
);
CREATE INDEX approvals_event_state_page ON approvals(event_id, state, sort_key, item_id);
CREATE INDEX approvals_contribution ON approvals(contribution_id);
CREATE INDEX approvals_item ON approvals(item_id);
