-- Viewer statistics per item per share or event (scope_id is a share id or an event id), and dead-link reports.
CREATE TABLE item_stats (
  scope_id TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  viewed INTEGER NOT NULL DEFAULT 0,
  liked INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  downloaded INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scope_id, item_id)
);
CREATE INDEX item_stats_item ON item_stats(item_id);

CREATE TABLE dead_link_reports (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  UNIQUE (item_id, reason)
);
CREATE INDEX dead_link_reports_owner ON dead_link_reports(owner_id, reported_at);
