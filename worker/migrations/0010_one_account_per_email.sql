-- Issue 16, finding 3: one account per verified email. Emails stored before sign-in checked email_verified may be
-- claimed by more than one account, and a look-up then picked the oldest. None of those claims is trusted: each
-- account gets its email back at its next sign-in with a verified address that no other account holds.
UPDATE users SET email = NULL
WHERE email IN (SELECT email FROM users WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1);
DROP INDEX IF EXISTS users_email;
CREATE UNIQUE INDEX IF NOT EXISTS users_email_unique ON users(email);
