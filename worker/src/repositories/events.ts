import { and, desc, eq, sql } from 'drizzle-orm';
import type { ApprovalCounts, ApprovalState, EventGuest, GuestStanding, WallMode } from '@hypomos/shared/api/events';
import type { Database } from '../db/client';
import { approvals, contributions, events, guestStandingLog } from '../db/schema';
import { newId, newToken, sha256Hex } from './crypto';
import { BUMP_EVENT, ENQUEUE_CONTRIBUTED, ITEM_COLUMNS, type ItemRow, VISIBLE_SNAPSHOT } from './item-sql';

export type EventRow = typeof events.$inferSelect;
export type ContributionRow = typeof contributions.$inferSelect;
export type ApprovalRow = typeof approvals.$inferSelect;
export type QueueRow = ItemRow & {
  state: ApprovalState;
  contributionId: string;
  contributorName: string;
  approvedSnapshot: string | null;
  changedAt: number | null;
  autoApprovedAt: number | null;
  queuedAt: number;
};

/** Events, contributions and per-item approval states. */
export class EventRepo {
  constructor(
    private readonly db: Database,
    private readonly d1: D1Database,
  ) {}

  async create(
    v: Omit<
      EventRow,
      'id' | 'tokenHash' | 'revokedAt' | 'version' | 'wallMode' | 'commentsEnabled' | 'reactionsEnabled'
    >,
  ) {
    const token = newToken();
    const row: EventRow = {
      ...v,
      id: newId(),
      tokenHash: await sha256Hex(token),
      revokedAt: null,
      version: 0,
      wallMode: 'live',
      commentsEnabled: false,
      reactionsEnabled: false,
    };
    await this.db.insert(events).values(row);
    return { token, row };
  }

  get(id: string) {
    return this.db.select().from(events).where(eq(events.id, id)).get();
  }

  async byToken(token: string) {
    return this.db
      .select()
      .from(events)
      .where(eq(events.tokenHash, await sha256Hex(token)))
      .get();
  }

  listByOrganizer(userId: string) {
    return this.db.select().from(events).where(eq(events.organizerId, userId)).orderBy(desc(events.createdAt)).all();
  }

  async revoke(id: string, now: number) {
    const r = await this.db.update(events).set({ revokedAt: now }).where(eq(events.id, id)).returning();
    return r[0]!;
  }

  /** Creates the contribution and queues every current item of the collection as pending, in one batch. */
  async contribute(
    event: EventRow,
    contributorId: string,
    collectionId: string,
    now: number,
  ): Promise<ContributionRow> {
    const existing = await this.db
      .select()
      .from(contributions)
      .where(and(eq(contributions.eventId, event.id), eq(contributions.collectionId, collectionId)))
      .get();
    const row: ContributionRow =
      existing && existing.withdrawnAt === null
        ? existing
        : {
            id: existing?.id ?? newId(),
            eventId: event.id,
            contributorId,
            collectionId,
            withdrawnAt: null,
            createdAt: now,
          };
    const d = this.d1;
    await d.batch([
      d
        .prepare(
          `INSERT INTO contributions (id, event_id, contributor_id, collection_id, withdrawn_at, created_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)
           ON CONFLICT (event_id, collection_id) DO UPDATE SET withdrawn_at = NULL`,
        )
        .bind(row.id, row.eventId, row.contributorId, row.collectionId, row.createdAt),
      d.prepare(ENQUEUE_CONTRIBUTED).bind(collectionId, now),
      d.prepare(BUMP_EVENT).bind(event.id),
    ]);
    return row;
  }

  contribution(id: string) {
    return this.db.select().from(contributions).where(eq(contributions.id, id)).get();
  }

  async contributionsOf(userId: string) {
    const rows = await this.d1
      .prepare(
        `SELECT c.id, c.event_id AS eventId, e.title AS eventTitle, c.collection_id AS collectionId, c.withdrawn_at AS withdrawnAt,
           c.created_at AS createdAt,
           (SELECT count(*) FROM approvals a WHERE a.contribution_id = c.id AND a.state = 'pending') AS pending,
           (SELECT count(*) FROM approvals a WHERE a.contribution_id = c.id AND a.state = 'approved') AS approved,
           (SELECT count(*) FROM approvals a WHERE a.contribution_id = c.id AND a.state = 'rejected') AS rejected,
           (SELECT count(*) FROM approvals a WHERE a.contribution_id = c.id AND a.state = 'withdrawn') AS withdrawn
         FROM contributions c JOIN events e ON e.id = c.event_id WHERE c.contributor_id = ?1 ORDER BY c.created_at DESC`,
      )
      .bind(userId)
      .all<
        {
          id: string;
          eventId: string;
          eventTitle: string;
          collectionId: string;
          withdrawnAt: number | null;
          createdAt: number;
        } & ApprovalCounts
      >();
    return rows.results;
  }

  /** Approval rows for the given items in this event (missing ids are simply absent). */
  async approvalsFor(eventId: string, itemIds: string[]): Promise<ApprovalRow[]> {
    const rows = await this.d1
      .prepare(
        `SELECT a.event_id AS eventId, a.item_id AS itemId, a.contribution_id AS contributionId, a.state, a.sort_key AS sortKey,
           a.updated_at AS updatedAt, a.auto_approved_at AS autoApprovedAt
         FROM json_each(?2) j CROSS JOIN approvals a ON a.event_id = ?1 AND a.item_id = j.value`,
      )
      .bind(eventId, JSON.stringify(itemIds))
      .all<ApprovalRow>();
    return rows.results;
  }

  approvalsOfContribution(contributionId: string) {
    return this.db.select().from(approvals).where(eq(approvals.contributionId, contributionId)).all();
  }

  /** A contribution's items with their states, for its contributor's list of pictures. */
  async itemsOfContribution(contributionId: string) {
    const r = await this.d1
      .prepare(
        `SELECT ${ITEM_COLUMNS}, a.state AS state FROM approvals a JOIN items i ON i.id = a.item_id
         WHERE a.contribution_id = ?1 ORDER BY i.sort_key, i.id`,
      )
      .bind(contributionId)
      .all<ItemRow & { state: ApprovalState }>();
    return r.results;
  }

  /**
   * Items in the given list that sit in an event whose contribution window has closed (and that the contributor has
   * not withdrawn): their contributor may only withdraw them now. The organizer's own items are not locked.
   */
  async closedForChanges(itemIds: string[], now: number): Promise<Set<string>> {
    const rows = await this.d1
      .prepare(
        `SELECT DISTINCT a.item_id AS id FROM json_each(?2) j JOIN approvals a ON a.item_id = j.value
         JOIN events e ON e.id = a.event_id JOIN contributions c ON c.id = a.contribution_id
         WHERE a.state <> 'withdrawn' AND c.contributor_id <> e.organizer_id AND e.revoked_at IS NULL
           AND e.expires_at > ?1 AND e.contributions_end_at IS NOT NULL AND e.contributions_end_at <= ?1`,
      )
      .bind(now, JSON.stringify(itemIds))
      .all<{ id: string }>();
    return new Set(rows.results.map((r) => r.id));
  }

  /**
   * Writes every state change in one batch (one statement per target state) so a bulk decision is all or nothing.
   * An approval records what was approved (the visible fields), so a later change can be detected and shown.
   */
  async setStates(eventId: string, changes: { itemId: string; state: ApprovalState }[], now: number) {
    const byState = new Map<ApprovalState, string[]>();
    for (const c of changes) byState.set(c.state, [...(byState.get(c.state) ?? []), c.itemId]);
    if (byState.size === 0) return;
    await this.d1.batch([
      ...[...byState].map(([state, ids]) =>
        this.d1
          .prepare(
            `UPDATE approvals SET state = ?2, updated_at = ?3,
               approved_snapshot = CASE WHEN ?2 = 'approved' THEN (SELECT ${VISIBLE_SNAPSHOT} FROM items i WHERE i.id = approvals.item_id) ELSE approved_snapshot END,
               changed_at = CASE WHEN ?2 = 'approved' THEN NULL ELSE changed_at END,
               auto_approved_at = CASE WHEN ?2 = 'withdrawn' THEN auto_approved_at END
             WHERE event_id = ?1 AND item_id IN (SELECT j.value FROM json_each(?4) j)`,
          )
          .bind(eventId, state, now, JSON.stringify(ids)),
      ),
      this.d1.prepare(BUMP_EVENT).bind(eventId),
    ]);
  }

  async markWithdrawn(contributionId: string, now: number) {
    const d = this.d1;
    await d.batch([
      d.prepare('UPDATE contributions SET withdrawn_at = ?2 WHERE id = ?1').bind(contributionId, now),
      d
        .prepare(
          'UPDATE events SET version = version + 1 WHERE id = (SELECT event_id FROM contributions WHERE id = ?1)',
        )
        .bind(contributionId),
    ]);
  }

  /** Each guest of an event with their items counted by state and their standing, most pending first. */
  async guests(eventId: string, contributorId: string | null = null): Promise<EventGuest[]> {
    const rows = await this.d1
      .prepare(
        `SELECT c.contributor_id AS contributorId, u.display_name AS name,
           sum(a.state = 'pending') AS pending, sum(a.state = 'approved') AS approved,
           sum(a.state = 'rejected') AS rejected, sum(a.state = 'withdrawn') AS withdrawn,
           s.standing AS standing, setter.display_name AS standingSetBy, s.set_at AS standingSetAt
         FROM contributions c JOIN users u ON u.id = c.contributor_id
         JOIN approvals a ON a.contribution_id = c.id
         LEFT JOIN guest_standings s ON s.event_id = c.event_id AND s.contributor_id = c.contributor_id
         LEFT JOIN users setter ON setter.id = s.set_by
         WHERE c.event_id = ?1 AND (?2 IS NULL OR c.contributor_id = ?2)
         GROUP BY c.contributor_id, u.display_name ORDER BY pending DESC, u.display_name`,
      )
      .bind(eventId, contributorId)
      .all<Omit<EventGuest, 'standingSetAt'> & { standingSetAt: number | null }>();
    return rows.results.map((r) => ({
      ...r,
      standingSetAt: r.standingSetAt === null ? null : new Date(r.standingSetAt).toISOString(),
    }));
  }

  /** Whether the user has contributed to the event at all (a standing is only set for the event's own guests). */
  async isGuest(eventId: string, contributorId: string) {
    const row = await this.d1
      .prepare('SELECT 1 AS yes FROM contributions WHERE event_id = ?1 AND contributor_id = ?2 LIMIT 1')
      .bind(eventId, contributorId)
      .first<{ yes: number }>();
    return row !== null;
  }

  async standing(eventId: string, contributorId: string): Promise<GuestStanding | null> {
    const row = await this.d1
      .prepare('SELECT standing FROM guest_standings WHERE event_id = ?1 AND contributor_id = ?2')
      .bind(eventId, contributorId)
      .first<{ standing: GuestStanding }>();
    return row?.standing ?? null;
  }

  /** Sets (or, with 'none', clears) a guest's standing and logs who did it and when, in one batch. */
  async setStanding(eventId: string, contributorId: string, standing: GuestStanding | 'none', by: string, now: number) {
    const d = this.d1;
    await d.batch([
      standing === 'none'
        ? d
            .prepare('DELETE FROM guest_standings WHERE event_id = ?1 AND contributor_id = ?2')
            .bind(eventId, contributorId)
        : d
            .prepare(
              `INSERT INTO guest_standings (event_id, contributor_id, standing, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
               ON CONFLICT (event_id, contributor_id) DO UPDATE SET standing = ?3, set_by = ?4, set_at = ?5`,
            )
            .bind(eventId, contributorId, standing, by, now),
      d
        .prepare(
          'INSERT INTO guest_standing_log (event_id, contributor_id, standing, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)',
        )
        .bind(eventId, contributorId, standing, by, now),
    ]);
  }

  /** Every standing change of one guest, oldest first. */
  standingLog(eventId: string, contributorId: string) {
    return this.db
      .select()
      .from(guestStandingLog)
      .where(and(eq(guestStandingLog.eventId, eventId), eq(guestStandingLog.contributorId, contributorId)))
      .orderBy(guestStandingLog.id)
      .all();
  }

  /** The wall mode is part of what the wall answer depends on, so it bumps the event's version. */
  async setWallMode(eventId: string, mode: WallMode) {
    const r = await this.db
      .update(events)
      .set({ wallMode: mode, version: sql`${events.version} + 1` })
      .where(eq(events.id, eventId))
      .returning();
    return r[0]!;
  }

  /** Comments and reactions are in the public event answer, so they bump the event's version too. */
  async setFeedback(eventId: string, f: { comments: boolean; reactions: boolean }) {
    const r = await this.db
      .update(events)
      .set({ commentsEnabled: f.comments, reactionsEnabled: f.reactions, version: sql`${events.version} + 1` })
      .where(eq(events.id, eventId))
      .returning();
    return r[0]!;
  }

  /** The ids of one guest's pending items in this event. */
  async pendingOfContributor(eventId: string, contributorId: string) {
    const rows = await this.d1
      .prepare(
        `SELECT a.item_id AS itemId FROM approvals a JOIN contributions c ON c.id = a.contribution_id
         WHERE a.event_id = ?1 AND c.contributor_id = ?2 AND a.state = 'pending'`,
      )
      .bind(eventId, contributorId)
      .all<{ itemId: string }>();
    return rows.results.map((r) => r.itemId);
  }

  /** The organizer's queue (or, with state 'approved' and no organizer view, what viewers see), keyset-paged. */
  async page(
    eventId: string,
    state: ApprovalState | null,
    after: { sortKey: number; id: string } | null,
    limit: number,
    contributorId: string | null = null,
  ) {
    const where = [`a.event_id = ?1`];
    const args: (string | number)[] = [eventId];
    if (state) {
      args.push(state);
      where.push(`a.state = ?${args.length}`);
    }
    if (contributorId) {
      args.push(contributorId);
      where.push(`c.contributor_id = ?${args.length}`);
    }
    if (after) {
      args.push(after.sortKey, after.id);
      where.push(`(a.sort_key, a.item_id) > (?${args.length - 1}, ?${args.length})`);
    }
    args.push(limit);
    const rows = await this.d1
      .prepare(
        `SELECT ${ITEM_COLUMNS}, a.state AS state, a.contribution_id AS contributionId, u.display_name AS contributorName,
           a.approved_snapshot AS approvedSnapshot, a.changed_at AS changedAt, a.auto_approved_at AS autoApprovedAt,
           a.updated_at AS queuedAt
         FROM approvals a JOIN items i ON i.id = a.item_id JOIN contributions c ON c.id = a.contribution_id
         JOIN users u ON u.id = c.contributor_id
         WHERE ${where.join(' AND ')} ORDER BY a.sort_key, a.item_id LIMIT ?${args.length}`,
      )
      .bind(...args)
      .all<QueueRow>();
    return rows.results;
  }

  /** One item, only if the organizer approved it for this event (the relay serves nothing else). */
  approvedItem(eventId: string, itemId: string) {
    return this.d1
      .prepare(
        `SELECT ${ITEM_COLUMNS} FROM approvals a JOIN items i ON i.id = a.item_id WHERE a.event_id = ?1 AND a.item_id = ?2 AND a.state = 'approved'`,
      )
      .bind(eventId, itemId)
      .first<ItemRow>();
  }

  /** Pending items per event this organizer runs that guests can still see (not revoked or expired). */
  async pendingActivity(organizerId: string, now: number) {
    const r = await this.d1
      .prepare(
        `SELECT e.id AS eventId, e.title AS title, count(*) AS pending, max(a.updated_at) AS newestAt
         FROM events e JOIN approvals a ON a.event_id = e.id
         WHERE e.organizer_id = ?1 AND e.revoked_at IS NULL AND e.expires_at > ?2 AND a.state = 'pending'
         GROUP BY e.id ORDER BY newestAt DESC`,
      )
      .bind(organizerId, now)
      .all<{ eventId: string; title: string; pending: number; newestAt: number }>();
    return r.results;
  }
}
