import {
  MAX_COMMENTS_PER_ADDRESS,
  MAX_COMMENTS_PER_SCOPE,
  MAX_REACTIONS_PER_ADDRESS,
  type ReactionKind,
} from '@hypomos/shared/api/feedback';
import { newId } from './crypto';
import type { D1Like } from './metered-d1';

/**
 * Where comments and reactions live: a share (its collection's items) or an event (its approved items). An item
 * that leaves the scope (withdrawn, rejected, removed) takes its comments and reactions out of every answer.
 */
export type FeedbackScope = { kind: 'share'; id: string; collectionId: string } | { kind: 'event'; id: string };

/** ?1 is the scope's id; ?2 what decides visibility (the share's collection, or the event again). */
const visible = (s: FeedbackScope, col: string) =>
  s.kind === 'share'
    ? `${col} IN (SELECT id FROM items WHERE collection_id = ?2)`
    : `${col} IN (SELECT item_id FROM approvals WHERE event_id = ?2 AND state = 'approved')`;
const keyOf = (s: FeedbackScope) => (s.kind === 'share' ? s.collectionId : s.id);

export interface CommentRow {
  id: string;
  itemId: string;
  name: string;
  body: string;
  createdAt: number;
  authorHash: string;
}

export interface OwnerCommentRow {
  id: string;
  itemId: string;
  name: string;
  body: string;
  createdAt: number;
  mediaType: 'image' | 'video';
  capturedAt: number | null;
  placeLabel: string | null;
  durationSec: number | null;
  thumbnailUrl: string | null;
  originalUrl: string;
  delivery: string | null;
}

export type CommentOutcome = { ok: true; row: CommentRow } | { ok: false; why: 'not_found' | 'too_many' };
export type ReactOutcome = 'reacted' | 'not_found' | 'too_many';

/** Viewers' comments and reactions on a share's or event's items (issue 23). Hashes only: no secret, no address. */
export class FeedbackRepo {
  constructor(private readonly d1: D1Like) {}

  private itemVisible(s: FeedbackScope, itemId: string) {
    return this.d1
      .prepare(`SELECT EXISTS (SELECT 1 WHERE ${visible(s, '?3')}) AS visible`)
      .bind(s.id, keyOf(s), itemId);
  }

  /** Per visible item: reaction counts by kind, comment counts, and which kind `viewerHash` chose. */
  async summary(s: FeedbackScope, viewerHash: string | null) {
    const [reactions, comments, mine] = await this.d1.batch([
      this.d1
        .prepare(
          `SELECT item_id AS itemId, kind, count(*) AS n FROM reactions
           WHERE scope_id = ?1 AND ${visible(s, 'item_id')} GROUP BY item_id, kind`,
        )
        .bind(s.id, keyOf(s)),
      this.d1
        .prepare(
          `SELECT item_id AS itemId, count(*) AS n FROM comments
           WHERE scope_id = ?1 AND ${visible(s, 'item_id')} GROUP BY item_id`,
        )
        .bind(s.id, keyOf(s)),
      this.d1
        .prepare(
          `SELECT item_id AS itemId, kind FROM reactions
           WHERE scope_id = ?1 AND viewer_hash = ?3 AND ${visible(s, 'item_id')}`,
        )
        .bind(s.id, keyOf(s), viewerHash ?? ''),
    ]);
    return {
      reactions: reactions!.results as { itemId: string; kind: ReactionKind; n: number }[],
      comments: comments!.results as { itemId: string; n: number }[],
      mine: mine!.results as { itemId: string; kind: ReactionKind }[],
    };
  }

  /** An item's comments, oldest first; null when the item is not (or no longer) in the scope. */
  async comments(s: FeedbackScope, itemId: string): Promise<CommentRow[] | null> {
    const [found, rows] = await this.d1.batch([
      this.itemVisible(s, itemId),
      this.d1
        .prepare(
          `SELECT id, item_id AS itemId, author_name AS name, body, created_at AS createdAt, author_hash AS authorHash
           FROM comments WHERE scope_id = ?1 AND item_id = ?3 AND ${visible(s, 'item_id')}
           ORDER BY created_at, rowid LIMIT ${MAX_COMMENTS_PER_ADDRESS * 5}`,
        )
        .bind(s.id, keyOf(s), itemId),
    ]);
    if ((found!.results[0] as { visible: number }).visible !== 1) return null;
    return rows!.results as unknown as CommentRow[];
  }

  /**
   * One statement checks that the item is in the scope and that neither this address nor the scope is at its bound,
   * so parallel posts cannot pass a bound between a check and the insert.
   */
  async addComment(
    s: FeedbackScope,
    itemId: string,
    c: { name: string; body: string; authorHash: string; addressHash: string },
    now: number,
  ): Promise<CommentOutcome> {
    const id = newId();
    const [insert, found] = await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO comments (id, scope_id, item_id, author_name, body, author_hash, address_hash, created_at)
           SELECT ?4, ?1, ?3, ?5, ?6, ?7, ?8, ?9 WHERE ${visible(s, '?3')}
             AND (SELECT count(*) FROM comments WHERE scope_id = ?1 AND address_hash = ?8) < ${MAX_COMMENTS_PER_ADDRESS}
             AND (SELECT count(*) FROM comments WHERE scope_id = ?1) < ${MAX_COMMENTS_PER_SCOPE}`,
        )
        .bind(s.id, keyOf(s), itemId, id, c.name, c.body, c.authorHash, c.addressHash, now),
      this.itemVisible(s, itemId),
    ]);
    if (insert!.meta.changes === 1)
      return { ok: true, row: { id, itemId, name: c.name, body: c.body, createdAt: now, authorHash: c.authorHash } };
    const visibleNow = (found!.results[0] as { visible: number }).visible === 1;
    return { ok: false, why: visibleNow ? 'too_many' : 'not_found' };
  }

  /** Deletes the comment if it is in the scope and, when `authorHash` is given, written by that author. */
  async deleteComment(scopeId: string, commentId: string, authorHash: string | null): Promise<boolean> {
    const r = await this.d1
      .prepare('DELETE FROM comments WHERE id = ?1 AND scope_id = ?2 AND (?3 IS NULL OR author_hash = ?3)')
      .bind(commentId, scopeId, authorHash)
      .run();
    return r.meta.changes === 1;
  }

  /** One reaction per viewer and item: a new kind replaces the old; bounded per address like comments. */
  async react(
    s: FeedbackScope,
    itemId: string,
    r: { kind: ReactionKind; viewerHash: string; addressHash: string },
    now: number,
  ): Promise<ReactOutcome> {
    const [upsert, found] = await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO reactions (scope_id, item_id, viewer_hash, address_hash, kind, created_at)
           SELECT ?1, ?3, ?4, ?5, ?6, ?7 WHERE ${visible(s, '?3')}
             AND (EXISTS (SELECT 1 FROM reactions WHERE scope_id = ?1 AND item_id = ?3 AND viewer_hash = ?4)
               OR (SELECT count(*) FROM reactions WHERE scope_id = ?1 AND address_hash = ?5) < ${MAX_REACTIONS_PER_ADDRESS})
           ON CONFLICT (scope_id, item_id, viewer_hash) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at`,
        )
        .bind(s.id, keyOf(s), itemId, r.viewerHash, r.addressHash, r.kind, now),
      this.itemVisible(s, itemId),
    ]);
    if (upsert!.meta.changes === 1) return 'reacted';
    return (found!.results[0] as { visible: number }).visible === 1 ? 'too_many' : 'not_found';
  }

  async unreact(scopeId: string, itemId: string, viewerHash: string) {
    await this.d1
      .prepare('DELETE FROM reactions WHERE scope_id = ?1 AND item_id = ?2 AND viewer_hash = ?3')
      .bind(scopeId, itemId, viewerHash)
      .run();
  }

  /** The owner's list: every comment on a visible item, newest first, with the item's still; and the reactions. */
  async ownerView(s: FeedbackScope) {
    const [comments, reactions] = await this.d1.batch([
      this.d1
        .prepare(
          `SELECT c.id, c.item_id AS itemId, c.author_name AS name, c.body, c.created_at AS createdAt,
             i.media_type AS mediaType, i.captured_at AS capturedAt, i.place_label AS placeLabel,
             i.duration_sec AS durationSec, i.thumbnail_url AS thumbnailUrl, i.original_url AS originalUrl,
             i.delivery AS delivery
           FROM comments c JOIN items i ON i.id = c.item_id
           WHERE c.scope_id = ?1 AND ${visible(s, 'c.item_id')} ORDER BY c.created_at DESC, c.rowid DESC LIMIT 1000`,
        )
        .bind(s.id, keyOf(s)),
      this.d1
        .prepare(`SELECT count(*) AS n FROM reactions WHERE scope_id = ?1 AND ${visible(s, 'item_id')}`)
        .bind(s.id, keyOf(s)),
    ]);
    return {
      comments: comments!.results as unknown as OwnerCommentRow[],
      reactions: (reactions!.results[0] as { n: number }).n,
    };
  }
}
