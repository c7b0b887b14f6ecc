-- A counter per collection and per event, bumped by every change a viewer could see (items published, patched,
-- removed or replaced; approvals decided; contributions added or withdrawn). Public answers are edge-cached under
-- this version, so a change is visible on the next request without purging anything.
ALTER TABLE collections ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
