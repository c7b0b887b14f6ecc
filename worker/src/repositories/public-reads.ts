import type { EventRow } from './events';
import { ITEM_COLUMNS, type ItemRow } from './item-sql';
import type { D1Like } from './metered-d1';
import { PEEK_RATE_LIMIT, windowOf } from './rate-limits';

/** What a viewer's read needs to know about a share, from one row. */
export interface ShareState {
  id: string;
  collectionId: string;
  kind: 'link' | 'gallery';
  title: string | null;
  expiresAt: number | null;
  revokedAt: number | null;
  passcodeHash: string | null;
  allowDownload: boolean;
  /** What guests may download (shares.downloads, migration 0020). */
  downloads: 'none' | 'web' | 'original';
  /** The owner lets the portal stream what no direct link serves (shares.relay_enabled). */
  relayEnabled: boolean;
  collectionTitle: string;
  itemCount: number;
  /** The collection's version: keys the edge cache. */
  version: number;
  /** A passcode grant for this share came with the request and has not expired. */
  unlocked: boolean;
  /** Client proofing (issue 23): on, favourites per client (null: any), when the selection locks. */
  proofing: boolean;
  proofingLimit: number | null;
  proofingDeadline: number | null;
  /** Viewers may comment, react (issue 23). */
  commentsEnabled: boolean;
  reactionsEnabled: boolean;
}

/** `approvedCount` is null unless asked for. */
export type EventState = EventRow & { approvedCount: number | null };
export type EventItemRow = ItemRow & { contributorName: string };

export interface PageRequest {
  after: { sortKey: number; id: string } | null;
  limit: number;
  /** The version whose page the caller already holds (edge cache or the viewer's ETag): no rows come back then. */
  knownVersion: number | null;
}

/** The failed look-ups of this address in the current window, read in the same batch. */
export interface GuardRequest {
  key: string;
  windowMs: number;
  now: number;
}

export interface Read<S, R> {
  guard: { count: number; windowEnd: number };
  state: S | undefined;
  /** Null when no page was asked for, or when the page at `knownVersion` is still current. */
  items: R[] | null;
}

const SHARE_STATE = `SELECT s.id, s.collection_id AS collectionId, s.kind, s.title, s.expires_at AS expiresAt,
  s.revoked_at AS revokedAt, s.passcode_hash AS passcodeHash, s.allow_download AS allowDownload, s.downloads AS downloads,
  s.relay_enabled AS relayEnabled, s.proofing AS proofing, s.proofing_limit AS proofingLimit,
  s.proofing_deadline AS proofingDeadline, s.comments_enabled AS commentsEnabled,
  s.reactions_enabled AS reactionsEnabled, c.title AS collectionTitle, c.item_count AS itemCount, c.version AS version,
  EXISTS (SELECT 1 FROM share_unlocks u WHERE u.token_hash = ?2 AND u.share_id = s.id AND u.expires_at > ?3) AS unlocked
FROM shares s JOIN collections c ON c.id = s.collection_id WHERE s.token_hash = ?1`;

// The page rides in the same batch and is empty unless the share is readable and its version is not the known one,
// so a cache hit or a 304 reads no item rows. The route still decides from the state row alone.
const SHARE_PAGE = (after: boolean) => `SELECT ${ITEM_COLUMNS}
FROM shares s JOIN collections c ON c.id = s.collection_id JOIN items i ON i.collection_id = s.collection_id
WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > ?3)
  AND (s.passcode_hash IS NULL OR EXISTS
    (SELECT 1 FROM share_unlocks u WHERE u.token_hash = ?2 AND u.share_id = s.id AND u.expires_at > ?3))
  AND c.version IS NOT ?4 ${after ? 'AND (i.sort_key, i.id) > (?6, ?7)' : ''}
ORDER BY i.sort_key, i.id LIMIT ?5`;

// The approved count walks the event's approved rows, so only the event's own answer asks for it (?2 = 1).
const EVENT_STATE = `SELECT e.id, e.organizer_id AS organizerId, e.title, e.starts_at AS startsAt, e.ends_at AS endsAt,
  e.contributions_end_at AS contributionsEndAt, e.expires_at AS expiresAt, e.token_hash AS tokenHash,
  e.revoked_at AS revokedAt, e.created_at AS createdAt, e.version AS version, e.wall_mode AS wallMode,
  e.comments_enabled AS commentsEnabled, e.reactions_enabled AS reactionsEnabled,
  CASE WHEN ?2 THEN (SELECT count(*) FROM approvals a WHERE a.event_id = e.id AND a.state = 'approved') END
    AS approvedCount
FROM events e WHERE e.token_hash = ?1`;

const EVENT_PAGE = (after: boolean) => `SELECT ${ITEM_COLUMNS}, u.display_name AS contributorName
FROM events e JOIN approvals a ON a.event_id = e.id JOIN items i ON i.id = a.item_id
  JOIN contributions c ON c.id = a.contribution_id JOIN users u ON u.id = c.contributor_id
WHERE e.token_hash = ?1 AND e.revoked_at IS NULL AND e.expires_at > ?2 AND e.version IS NOT ?3
  AND a.state = 'approved' ${after ? 'AND (a.sort_key, a.item_id) > (?5, ?6)' : ''}
ORDER BY a.sort_key, a.item_id LIMIT ?4`;

// The live wall's window: the newest approvals (WALL_WINDOW of them), handed out oldest approval first, so a newly
// approved item joins at the end. Skipped, like a page, when the caller holds this version.
const WALL_PAGE = `SELECT * FROM (SELECT ${ITEM_COLUMNS}, u.display_name AS contributorName, a.updated_at AS approvedAt
FROM events e JOIN approvals a ON a.event_id = e.id JOIN items i ON i.id = a.item_id
  JOIN contributions c ON c.id = a.contribution_id JOIN users u ON u.id = c.contributor_id
WHERE e.token_hash = ?1 AND e.revoked_at IS NULL AND e.expires_at > ?2 AND e.version IS NOT ?3 AND a.state = 'approved'
ORDER BY a.updated_at DESC, a.sort_key DESC, a.item_id DESC LIMIT ?4) ORDER BY approvedAt, sortKey, id`;

/**
 * The anonymous viewer's reads, each one D1 batch (one round trip): the guessing-limit counter of the address,
 * the token's share or event with everything the answer depends on, and optionally one page of items.
 * `db` is a Sessions API session in production, so the batch may be answered by a nearby read replica.
 */
export class PublicReadRepo {
  constructor(private readonly db: D1Like) {}

  private guardStatement(g: GuardRequest) {
    const { bucket } = windowOf(g.key, g.windowMs, g.now);
    return this.db.prepare(PEEK_RATE_LIMIT).bind(bucket);
  }

  private guardOf(g: GuardRequest, result: D1Result | undefined) {
    const row = result?.results[0] as { count: number } | undefined;
    return { count: row?.count ?? 0, windowEnd: windowOf(g.key, g.windowMs, g.now).windowEnd };
  }

  async share(
    tokenHash: string,
    unlockHash: string | null,
    guard: GuardRequest,
    page: PageRequest | null,
  ): Promise<Read<ShareState, ItemRow>> {
    const now = guard.now;
    const statements = [this.guardStatement(guard), this.db.prepare(SHARE_STATE).bind(tokenHash, unlockHash, now)];
    if (page) {
      const args = [tokenHash, unlockHash, now, page.knownVersion, page.limit];
      if (page.after) args.push(page.after.sortKey, page.after.id);
      statements.push(this.db.prepare(SHARE_PAGE(!!page.after)).bind(...args));
    }
    const [g, s, p] = await this.db.batch(statements);
    const raw = s!.results[0] as
      | (Omit<
          ShareState,
          'unlocked' | 'allowDownload' | 'relayEnabled' | 'proofing' | 'commentsEnabled' | 'reactionsEnabled'
        > &
          Record<string, unknown>)
      | undefined;
    const state = raw && {
      ...raw,
      allowDownload: !!raw.allowDownload,
      relayEnabled: !!raw.relayEnabled,
      proofing: !!raw.proofing,
      commentsEnabled: !!raw.commentsEnabled,
      reactionsEnabled: !!raw.reactionsEnabled,
      unlocked: !!raw.unlocked,
    };
    return { guard: this.guardOf(guard, g), state, items: page ? (p!.results as ItemRow[]) : null };
  }

  async event(
    tokenHash: string,
    guard: GuardRequest,
    page: PageRequest | null,
    withCount = false,
    wall = false,
  ): Promise<Read<EventState, EventItemRow>> {
    const now = guard.now;
    const statements = [this.guardStatement(guard), this.db.prepare(EVENT_STATE).bind(tokenHash, withCount ? 1 : 0)];
    if (page) {
      const args = [tokenHash, now, page.knownVersion, page.limit];
      if (page.after) args.push(page.after.sortKey, page.after.id);
      statements.push(this.db.prepare(wall ? WALL_PAGE : EVENT_PAGE(!!page.after)).bind(...args));
    }
    const [g, s, p] = await this.db.batch(statements);
    const raw = s!.results[0] as EventState | undefined;
    return {
      guard: this.guardOf(guard, g),
      state: raw && { ...raw, commentsEnabled: !!raw.commentsEnabled, reactionsEnabled: !!raw.reactionsEnabled },
      items: page ? (p!.results as EventItemRow[]) : null,
    };
  }
}
