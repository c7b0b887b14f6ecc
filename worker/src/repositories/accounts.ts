import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { apiTokens, identities, loginAttempts, pairingCodes, sessions, users } from '../db/schema';
import { ApiError } from '../errors';
import { newId, newToken, sha256Hex } from './crypto';

export type UserRow = typeof users.$inferSelect;
export type LoginAttemptRow = typeof loginAttempts.$inferSelect;

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** An API token lapses this long after its last use, so a forgotten extension's token does not live for ever. */
const API_TOKEN_IDLE_MS = 90 * 24 * 3600 * 1000;
const PAIRING_TTL_MS = 5 * 60 * 1000;

/** Users, identities, sessions, API tokens, pairing codes and sign-ins in flight. */
export class AccountRepo {
  constructor(private readonly db: Database) {}

  user(id: string) {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  /** The one account holding this verified email; never a guess between several (users_email_unique forbids them). */
  async userByEmail(email: string) {
    const found = await this.db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(2).all();
    if (found.length > 1) throw new ApiError(409, 'ambiguous_email', 'More than one account claims this address.');
    return found[0];
  }

  /**
   * Finds the user behind an OIDC identity, or links it: to `linkTo` when signed in already, else to a new user.
   * `profile.email` is verified (services/oidc.ts). One account per verified email: an identity whose email another
   * account holds is refused (its owner signs in the way they did before and links this provider from there), and
   * an account without an email takes its verified one at a later sign-in if no other account holds it.
   */
  async upsertIdentity(
    provider: string,
    subject: string,
    profile: { displayName: string; email: string | null },
    linkTo: string | null,
    now: number,
  ): Promise<UserRow> {
    const found = await this.db
      .select()
      .from(identities)
      .where(and(eq(identities.provider, provider), eq(identities.subject, subject)))
      .get();
    const email = profile.email?.toLowerCase() ?? null;
    if (found) {
      if (email) await this.claimEmail(found.userId, email);
      return (await this.user(found.userId))!;
    }
    const holder = email ? await this.userByEmail(email) : undefined;
    if (holder && holder.id !== linkTo)
      throw new ApiError(
        409,
        'email_taken',
        'An account with this email address exists already. Sign in the way you did before, then add this sign-in from that account.',
      );
    let userId = linkTo;
    if (!userId) {
      userId = newId();
      await this.db.insert(users).values({ id: userId, displayName: profile.displayName, email, createdAt: now });
    }
    await this.db.insert(identities).values({ provider, subject, userId, email, createdAt: now });
    return (await this.user(userId))!;
  }

  private async claimEmail(userId: string, email: string) {
    await this.db
      .update(users)
      .set({ email })
      .where(
        and(
          eq(users.id, userId),
          isNull(users.email),
          sql`NOT EXISTS (SELECT 1 FROM ${users} AS other WHERE other.email = ${email})`,
        ),
      );
  }

  async createSession(userId: string, now: number) {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = now + SESSION_TTL_MS;
    // Sweeps this user's ended sessions as a new one starts, so the table does not grow without a cron.
    await this.db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
    await this.db
      .insert(sessions)
      .values({ tokenHash: await sha256Hex(token), userId, csrfToken, createdAt: now, expiresAt });
    return { token, csrfToken, expiresAt };
  }

  async session(token: string, now: number) {
    return this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.tokenHash, await sha256Hex(token)), gt(sessions.expiresAt, now)))
      .get();
  }

  async deleteSession(token: string) {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
  }

  /** "Sign out everywhere": every browser session of the account ends. */
  async deleteSessionsOf(userId: string) {
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
  }

  async issueApiToken(userId: string, name: string, now: number) {
    const token = newToken();
    const row = {
      id: newId(),
      userId,
      name,
      tokenHash: await sha256Hex(token),
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: now + API_TOKEN_IDLE_MS,
    };
    await this.db.insert(apiTokens).values(row);
    return { token, row };
  }

  /** A live token (not revoked, not lapsed); using it moves its expiry on. */
  async apiToken(token: string, now: number) {
    const hash = await sha256Hex(token);
    const r = await this.db
      .update(apiTokens)
      .set({ lastUsedAt: now, expiresAt: now + API_TOKEN_IDLE_MS })
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      .returning();
    return r[0];
  }

  apiTokens(userId: string, now: number) {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      .orderBy(desc(apiTokens.createdAt))
      .all();
  }

  async revokeApiToken(userId: string, id: string, now: number): Promise<boolean> {
    const r = await this.db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return r.length > 0;
  }

  async createPairingCode(userId: string, now: number) {
    const code = newToken();
    await this.db.delete(pairingCodes).where(lt(pairingCodes.expiresAt, now));
    await this.db
      .insert(pairingCodes)
      .values({ codeHash: await sha256Hex(code), userId, expiresAt: now + PAIRING_TTL_MS });
    return code;
  }

  /** Marks the code used and returns its user, atomically, so a code works exactly once. */
  async consumePairingCode(code: string, now: number): Promise<string | null> {
    const r = await this.db
      .update(pairingCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(pairingCodes.codeHash, await sha256Hex(code)),
          isNull(pairingCodes.usedAt),
          gt(pairingCodes.expiresAt, now),
        ),
      )
      .returning({ userId: pairingCodes.userId });
    return r[0]?.userId ?? null;
  }

  async saveLoginAttempt(state: string, row: Omit<LoginAttemptRow, 'stateHash'>, now: number) {
    await this.db.delete(loginAttempts).where(lt(loginAttempts.expiresAt, now));
    await this.db.insert(loginAttempts).values({ ...row, stateHash: await sha256Hex(state) });
  }

  /** One-time: the attempt is deleted as it is read. */
  async takeLoginAttempt(state: string, now: number): Promise<LoginAttemptRow | null> {
    const r = await this.db
      .delete(loginAttempts)
      .where(eq(loginAttempts.stateHash, await sha256Hex(state)))
      .returning();
    const row = r[0];
    return row && row.expiresAt > now ? row : null;
  }
}
