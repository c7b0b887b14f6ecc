-- Hypomos portal schema v1. Never edit an applied migration; add a new numbered file.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT,
  created_at INTEGER NOT NULL
);
