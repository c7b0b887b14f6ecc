-- Issue 16, finding 2: every share counts its wrong passcodes whatever address they come from
-- (shared/src/sharing/passcode.ts). unlock_streak: wrong passcodes in a row; unlock_failures: all of them, for the
-- owner; unlock_locked_until: no passcode is checked before then.
ALTER TABLE shares ADD COLUMN unlock_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shares ADD COLUMN unlock_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shares ADD COLUMN last_unlock_failure_at INTEGER;
ALTER TABLE shares ADD COLUMN unlock_locked_until INTEGER;
