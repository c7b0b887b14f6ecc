import type { StatKind } from '@hypomos/shared/api/shares';
import { newId } from './crypto';
import type { ItemRow } from './item-sql';

/** The item columns the owner's preview of an item needs (mappers.ts toItemPreview). */
type PreviewColumns = Pick<
  ItemRow,
  'mediaType' | 'capturedAt' | 'placeLabel' | 'durationSec' | 'thumbnailUrl' | 'originalUrl' | 'delivery'
>;
const PREVIEW_COLUMNS = `i.media_type AS mediaType, i.captured_at AS capturedAt, i.place_label AS placeLabel,
  i.duration_sec AS durationSec, i.thumbnail_url AS thumbnailUrl, i.original_url AS originalUrl, i.delivery AS delivery`;

export interface StatCounts {
  itemId: string;
  viewed: number;
  liked: number;
  skipped: number;
  downloaded: number;
}
export type StatRow = StatCounts & PreviewColumns;

export type ReportRow = {
  id: string;
  itemId: string;
  collectionId: string;
  sourceId: string;
  sourceItemId: string;
  reason: string;
  reportedAt: number;
  /** How many viewers reported the item. */
  viewers: number;
} & PreviewColumns;

/** Which items a viewer may count or report: the shared collection's, or the event's approved ones. */
export type Membership = { collectionId: string; eventId?: never } | { eventId: string; collectionId?: never };

const memberOf = (m: Membership) => JSON.stringify(m.collectionId ? ['c', m.collectionId] : ['e', m.eventId]);

// ?3 is memberOf(): ["c", collectionId] or ["e", eventId].
const MEMBER = (item: string) => `(CASE ?3->>0
  WHEN 'c' THEN EXISTS (SELECT 1 FROM items m WHERE m.id = ${item} AND m.collection_id = ?3->>1)
  ELSE EXISTS (SELECT 1 FROM approvals a WHERE a.event_id = ?3->>1 AND a.item_id = ${item} AND a.state = 'approved')
END)`;

/** Viewer statistics per item per scope (share or event) and dead-link reports. */
export class StatsRepo {
  constructor(private readonly d1: D1Database) {}

  /**
   * Adds a viewer's counts for the items that belong to the scope (the shared collection's items, or an event's
   * approved items): at most one per item and kind per viewer, ever, so a burst or a repeat adds nothing. Marks
   * and totals are written in one batch; anything else in `events` is dropped by the join.
   */
  async record(
    scope: { scopeId: string } & Membership,
    events: { itemId: string; kind: StatKind }[],
    viewer: string,
    countDownloads: boolean,
  ) {
    const pairs = [
      ...new Set(
        events.filter((e) => countDownloads || e.kind !== 'downloaded').map((e) => `${e.itemId}\u0000${e.kind}`),
      ),
    ];
    if (!pairs.length) return;
    const batch = newId();
    const marks = JSON.stringify(pairs.map((p) => p.split('\u0000')));
    await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO viewer_marks (scope_id, item_id, kind, viewer, batch)
           SELECT ?1, j.value->>0, j.value->>1, ?4, ?5 FROM json_each(?2) j WHERE ${MEMBER('j.value->>0')}
           ON CONFLICT DO NOTHING`,
        )
        .bind(scope.scopeId, marks, memberOf(scope), viewer, batch),
      this.d1
        .prepare(
          `INSERT INTO item_stats (scope_id, item_id, viewed, liked, skipped, downloaded)
           SELECT ?1, item_id, sum(kind = 'viewed'), sum(kind = 'liked'), sum(kind = 'skipped'), sum(kind = 'downloaded')
           FROM viewer_marks WHERE batch = ?2 GROUP BY item_id HAVING true
           ON CONFLICT (scope_id, item_id) DO UPDATE SET viewed = viewed + excluded.viewed, liked = liked + excluded.liked,
             skipped = skipped + excluded.skipped, downloaded = downloaded + excluded.downloaded`,
        )
        .bind(scope.scopeId, batch),
    ]);
  }

  async forScope(scopeId: string): Promise<StatRow[]> {
    const r = await this.d1
      .prepare(
        `SELECT s.item_id AS itemId, s.viewed, s.liked, s.skipped, s.downloaded, ${PREVIEW_COLUMNS}
         FROM item_stats s JOIN items i ON i.id = s.item_id WHERE s.scope_id = ?1 ORDER BY s.item_id`,
      )
      .bind(scopeId)
      .all<StatRow>();
    return r.results;
  }

  /**
   * Records a dead link on an item of the scope (ignored otherwise), one row per item and reason, counting each
   * viewer once per item, so one viewer cannot make every item look dead.
   */
  async report(scope: Membership, itemId: string, reason: string, now: number, viewer: string) {
    const args = [newId(), itemId, memberOf(scope), reason, now, viewer];
    await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO dead_link_reporters (item_id, viewer)
           SELECT i.id, ?6 FROM items i WHERE i.id = ?2 AND ${MEMBER('i.id')} ON CONFLICT DO NOTHING`,
        )
        .bind(...args),
      this.d1
        .prepare(
          `INSERT INTO dead_link_reports (id, item_id, owner_id, reason, reported_at, viewers)
           SELECT ?1, i.id, i.owner_id, ?4, ?5, (SELECT count(*) FROM dead_link_reporters r WHERE r.item_id = i.id)
           FROM items i WHERE i.id = ?2 AND ${MEMBER('i.id')} AND ?6 IS NOT NULL
           ON CONFLICT (item_id, reason) DO UPDATE SET reported_at = excluded.reported_at, viewers = excluded.viewers`,
        )
        .bind(...args),
    ]);
  }

  async reportsFor(ownerId: string) {
    const r = await this.d1
      .prepare(
        `SELECT r.id, r.item_id AS itemId, i.collection_id AS collectionId, i.source_id AS sourceId, i.source_item_id AS sourceItemId,
           r.reason, r.reported_at AS reportedAt, r.viewers, ${PREVIEW_COLUMNS}
         FROM dead_link_reports r JOIN items i ON i.id = r.item_id WHERE r.owner_id = ?1 ORDER BY r.reported_at DESC LIMIT 1000`,
      )
      .bind(ownerId)
      .all<ReportRow>();
    return r.results;
  }
}
