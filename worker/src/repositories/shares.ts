import { REVOKE_UNDO_MS } from '@hypomos/shared/api/shares';
import { UNLOCK_GUARD, unlockLockMs } from '@hypomos/shared/sharing/passcode';
import { and, desc, eq, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { collections, recipients, shares, shareUnlocks, users } from '../db/schema';
import { newId, newToken, sha256Hex } from './crypto';

export type ShareRow = typeof shares.$inferSelect;
export type RecipientRow = typeof recipients.$inferSelect;
type NewShare = Omit<
  ShareRow,
  | 'id'
  | 'tokenHash'
  | 'revokedAt'
  | 'unlockStreak'
  | 'unlockFailures'
  | 'lastUnlockFailureAt'
  | 'unlockLockedUntil'
  | 'proofing'
  | 'proofingLimit'
  | 'proofingDeadline'
  | 'commentsEnabled'
  | 'reactionsEnabled'
>;

/** Until when the `streak`-th wrong passcode in a row locks the share: unlockLockMs as one SQL expression. */
function lockedUntilSql(streak: SQL, now: number) {
  const steps: SQL[] = [];
  for (let n = UNLOCK_GUARD.freeFailures; ; n++) {
    const ms = unlockLockMs(n);
    steps.unshift(sql` WHEN (${streak}) >= ${sql.raw(String(n))} THEN ${sql.raw(String(now + ms))}`);
    if (ms === UNLOCK_GUARD.maxLockMs) break;
  }
  return sql`CASE${sql.join(steps)} END`;
}

/** Share links, passcode unlock grants and direct shares (recipients). */
export class ShareRepo {
  constructor(private readonly db: Database) {}

  async create(v: NewShare) {
    const token = newToken();
    const row: ShareRow = {
      ...v,
      id: newId(),
      tokenHash: await sha256Hex(token),
      revokedAt: null,
      unlockStreak: 0,
      unlockFailures: 0,
      lastUnlockFailureAt: null,
      unlockLockedUntil: null,
      // Proofing is turned on afterwards, by the owner (PATCH /api/shares/:id).
      proofing: false,
      proofingLimit: null,
      proofingDeadline: null,
      // Comments and reactions too (PUT /api/shares/:id/feedback).
      commentsEnabled: false,
      reactionsEnabled: false,
    };
    await this.db.insert(shares).values(row);
    return { token, row };
  }

  get(id: string) {
    return this.db.select().from(shares).where(eq(shares.id, id)).get();
  }

  listByOwner(ownerId: string) {
    return this.db.select().from(shares).where(eq(shares.ownerId, ownerId)).orderBy(desc(shares.createdAt)).all();
  }

  async byToken(token: string) {
    return this.db
      .select()
      .from(shares)
      .where(eq(shares.tokenHash, await sha256Hex(token)))
      .get();
  }

  async revoke(id: string, now: number) {
    const r = await this.db.update(shares).set({ revokedAt: now }).where(eq(shares.id, id)).returning();
    return r[0]!;
  }

  /** Undoes a revocation still inside the undo window, in one statement; null when there is nothing to undo. */
  async restore(id: string, now: number) {
    const r = await this.db
      .update(shares)
      .set({ revokedAt: null })
      .where(and(eq(shares.id, id), gte(shares.revokedAt, now - REVOKE_UNDO_MS)))
      .returning();
    return r[0] ?? null;
  }

  /** Bumps the collection's version too: public item pages carry the relay flag and are edge-cached by version. */
  async setRelay(id: string, relayEnabled: boolean) {
    return this.setShown(id, { relayEnabled });
  }

  /**
   * What guests may download; allow_download follows (any download) for readers that predate sizes. The collection's
   * version moves so the viewers' cached share answer shows it at once.
   */
  async setDownloads(id: string, downloads: 'none' | 'web' | 'original') {
    return this.setShown(id, { downloads, allowDownload: downloads !== 'none' });
  }

  /** Proofing settings; the collection's version moves so the viewers' cached share answer shows them at once. */
  async setProofing(id: string, s: { enabled: boolean; limit: number | null; deadline: number | null }) {
    return this.setShown(id, { proofing: s.enabled, proofingLimit: s.limit, proofingDeadline: s.deadline });
  }

  /** Comments and reactions; the version moves so the viewers' cached share answer shows them at once. */
  async setFeedback(id: string, f: { comments: boolean; reactions: boolean }) {
    return this.setShown(id, { commentsEnabled: f.comments, reactionsEnabled: f.reactions });
  }

  /** Updates settings the viewer shows, and moves the collection's version so its cached share answer shows them. */
  private async setShown(id: string, set: Partial<typeof shares.$inferInsert>) {
    const r = await this.db.update(shares).set(set).where(eq(shares.id, id)).returning();
    await this.db
      .update(collections)
      .set({ version: sql`${collections.version} + 1` })
      .where(eq(collections.id, r[0]!.collectionId));
    return r[0]!;
  }

  /**
   * Counts a passcode attempt as wrong before the passcode is checked, in one statement, so parallel guesses cannot
   * slip past the lock; `refundUnlock` takes it back when the passcode was right. Null: the share is locked until then.
   */
  async reserveUnlock(id: string, now: number): Promise<{ lockedUntil: number } | null> {
    const { lastUnlockFailureAt: last, unlockStreak: streak, unlockLockedUntil: until } = shares;
    const streakSoFar = sql`CASE WHEN ${last} IS NULL OR ${last} <= ${now - UNLOCK_GUARD.maxLockMs} THEN 0 ELSE ${streak} END`;
    const taken = await this.db
      .update(shares)
      .set({
        unlockStreak: sql`${streakSoFar} + 1`,
        unlockFailures: sql`${shares.unlockFailures} + 1`,
        lastUnlockFailureAt: now,
        unlockLockedUntil: lockedUntilSql(sql`${streakSoFar} + 1`, now),
      })
      .where(and(eq(shares.id, id), or(isNull(until), lte(until, now))))
      .returning({ id: shares.id });
    if (taken.length) return null;
    const row = await this.db.select({ until }).from(shares).where(eq(shares.id, id)).get();
    return { lockedUntil: row?.until ?? now };
  }

  /** The passcode was right: the attempt was no failure, and the streak and its lock end. */
  async refundUnlock(id: string) {
    await this.db
      .update(shares)
      .set({
        unlockStreak: 0,
        unlockFailures: sql`max(${shares.unlockFailures} - 1, 0)`,
        unlockLockedUntil: null,
      })
      .where(eq(shares.id, id));
  }

  async grantUnlock(shareId: string, expiresAt: number) {
    const token = newToken();
    await this.db.insert(shareUnlocks).values({ tokenHash: await sha256Hex(token), shareId, expiresAt });
    return token;
  }

  /** An invitation to an address: no account lookup, so the answer cannot tell whether one exists. */
  async addRecipient(collectionId: string, email: string, now: number): Promise<RecipientRow> {
    const row: RecipientRow = {
      id: newId(),
      collectionId,
      email: email.toLowerCase(),
      userId: null,
      status: 'pending',
      createdAt: now,
    };
    const r = await this.db
      .insert(recipients)
      .values(row)
      .onConflictDoUpdate({ target: [recipients.collectionId, recipients.email], set: { status: 'pending' } })
      .returning();
    return r[0]!;
  }

  /** Binds the invitations sent to this account's address to the account. */
  async bindInvitations(userId: string, email: string | null) {
    if (!email) return;
    await this.db
      .update(recipients)
      .set({ userId })
      .where(and(isNull(recipients.userId), eq(recipients.email, email.toLowerCase())));
  }

  recipient(id: string) {
    return this.db.select().from(recipients).where(eq(recipients.id, id)).get();
  }

  recipientsOf(collectionId: string) {
    return this.db.select().from(recipients).where(eq(recipients.collectionId, collectionId)).all();
  }

  async removeRecipient(id: string) {
    await this.db.delete(recipients).where(eq(recipients.id, id));
  }

  async setRecipientStatus(id: string, status: RecipientRow['status']) {
    const r = await this.db.update(recipients).set({ status }).where(eq(recipients.id, id)).returning();
    return r[0]!;
  }

  inbox(userId: string) {
    return this.db
      .select({
        r: recipients,
        title: collections.title,
        itemCount: collections.itemCount,
        ownerName: users.displayName,
      })
      .from(recipients)
      .innerJoin(collections, eq(collections.id, recipients.collectionId))
      .innerJoin(users, eq(users.id, collections.ownerId))
      .where(eq(recipients.userId, userId))
      .orderBy(desc(recipients.createdAt))
      .all();
  }
}
