import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { collections, sources } from '../db/schema';
import { newId } from './crypto';
import {
  BUMP_CONTRIBUTED_EVENTS,
  ENQUEUE_CONTRIBUTED,
  FOLLOW_ORGANIZER_OWN,
  FOLLOW_TRUSTED,
  ITEM_COLUMNS,
  type ItemRow,
  type ItemWrite,
  RECOUNT,
  REQUEUE_CHANGED,
  RESORT_APPROVALS,
  UPSERT_ITEMS,
} from './item-sql';

export type CollectionRow = typeof collections.$inferSelect;
export type { ItemRow, ItemWrite };

/** Collections, sources and items. Every multi-statement write goes through one D1 batch (one transaction). */
export class CollectionRepo {
  constructor(
    private readonly db: Database,
    private readonly d1: D1Database,
  ) {}

  get(id: string) {
    return this.db.select().from(collections).where(eq(collections.id, id)).get();
  }

  listByOwner(ownerId: string) {
    return this.db
      .select()
      .from(collections)
      .where(eq(collections.ownerId, ownerId))
      .orderBy(desc(collections.createdAt))
      .all();
  }

  async create(
    ownerId: string,
    v: { title: string; kind: 'static' | 'dynamic'; filterSummary: string | null },
    now: number,
  ) {
    const row: CollectionRow = {
      id: newId(),
      ownerId,
      ...v,
      itemCount: 0,
      generation: 1,
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.insert(collections).values(row);
    return row;
  }

  async patch(id: string, v: { title?: string; filterSummary?: string | null }, now: number) {
    const r = await this.db
      .update(collections)
      .set({ ...v, updatedAt: now, version: sql`${collections.version} + 1` })
      .where(eq(collections.id, id))
      .returning();
    return r[0]!;
  }

  async delete(id: string) {
    const d = this.d1;
    await d.batch([
      d.prepare(BUMP_CONTRIBUTED_EVENTS).bind(id),
      d.prepare('DELETE FROM collections WHERE id = ?1').bind(id),
    ]);
  }

  async putSource(ownerId: string, id: string, v: { kind: 'onedrive' | 'gdrive' | 'azblob' | 'local'; name: string }) {
    await this.db
      .insert(sources)
      .values({ ownerId, id, ...v })
      .onConflictDoUpdate({ target: [sources.ownerId, sources.id], set: v });
    return { id, ...v };
  }

  listSources(ownerId: string) {
    return this.db.select().from(sources).where(eq(sources.ownerId, ownerId)).all();
  }

  async knownSources(ownerId: string, ids: string[]): Promise<Set<string>> {
    const rows = await this.d1
      .prepare('SELECT s.id AS id FROM json_each(?2) j CROSS JOIN sources s ON s.owner_id = ?1 AND s.id = j.value')
      .bind(ownerId, JSON.stringify(ids))
      .all<{ id: string }>();
    return new Set(rows.results.map((r) => r.id));
  }

  /** The stored items among the given refs, in one indexed lookup per ref. */
  async existing(collectionId: string, refs: { sourceId: string; sourceItemId: string }[]): Promise<ItemRow[]> {
    const rows = await this.d1
      .prepare(
        `SELECT ${ITEM_COLUMNS} FROM json_each(?2) j
         CROSS JOIN items i ON i.collection_id = ?1 AND i.source_id = j.value->>0 AND i.source_item_id = j.value->>1`,
      )
      .bind(collectionId, JSON.stringify(refs.map((r) => [r.sourceId, r.sourceItemId])))
      .all<ItemRow>();
    return rows.results;
  }

  /**
   * Upserts the rows, queues new ones in open events the collection is contributed to, sends approved items whose
   * visible fields changed back to their organizers, recounts: all or nothing.
   */
  async writeItems(collection: CollectionRow, rows: ItemWrite[], generation: number, now: number): Promise<number> {
    const d = this.d1;
    const results = await d.batch([
      d.prepare(UPSERT_ITEMS).bind(collection.id, collection.ownerId, generation, now, JSON.stringify(rows)),
      d.prepare(ENQUEUE_CONTRIBUTED).bind(collection.id, now),
      d.prepare(RESORT_APPROVALS).bind(collection.id),
      d.prepare(FOLLOW_ORGANIZER_OWN).bind(collection.id),
      d.prepare(FOLLOW_TRUSTED).bind(collection.id, now),
      d.prepare(REQUEUE_CHANGED).bind(collection.id, now),
      d.prepare(RECOUNT).bind(collection.id, now),
      d.prepare('SELECT item_count AS n FROM collections WHERE id = ?1').bind(collection.id),
      d.prepare(BUMP_CONTRIBUTED_EVENTS).bind(collection.id),
    ]);
    return (results[7]!.results[0] as { n: number }).n;
  }

  /** Deletes the refs (stats, approvals and reports cascade) and returns the ids that existed. */
  async removeItems(collectionId: string, refs: { sourceId: string; sourceItemId: string }[], now: number) {
    const d = this.d1;
    const [deleted, , count] = await d.batch([
      d
        .prepare(
          `DELETE FROM items WHERE collection_id = ?1 AND (source_id, source_item_id) IN
           (SELECT j.value->>0, j.value->>1 FROM json_each(?2) j) RETURNING source_id AS sourceId, source_item_id AS sourceItemId, id`,
        )
        .bind(collectionId, JSON.stringify(refs.map((r) => [r.sourceId, r.sourceItemId]))),
      d.prepare(RECOUNT).bind(collectionId, now),
      d.prepare('SELECT item_count AS n FROM collections WHERE id = ?1').bind(collectionId),
      d.prepare(BUMP_CONTRIBUTED_EVENTS).bind(collectionId),
    ]);
    return {
      removed: deleted!.results as { sourceId: string; sourceItemId: string; id: string }[],
      itemCount: (count!.results[0] as { n: number }).n,
    };
  }

  async startReplace(collectionId: string, now: number): Promise<number> {
    const r = await this.db
      .update(collections)
      .set({ generation: sql`${collections.generation} + 1`, updatedAt: now })
      .where(eq(collections.id, collectionId))
      .returning({ generation: collections.generation });
    return r[0]!.generation;
  }

  /** Ends a replace: every item not re-published in this generation vanishes, in one batch. */
  async commitReplace(collectionId: string, generation: number, now: number) {
    const d = this.d1;
    const [deleted, , count] = await d.batch([
      d
        .prepare('DELETE FROM items WHERE collection_id = ?1 AND generation < ?2 RETURNING id')
        .bind(collectionId, generation),
      d.prepare(RECOUNT).bind(collectionId, now),
      d.prepare('SELECT item_count AS n FROM collections WHERE id = ?1').bind(collectionId),
      d.prepare(BUMP_CONTRIBUTED_EVENTS).bind(collectionId),
    ]);
    return { removed: deleted!.results.length, itemCount: (count!.results[0] as { n: number }).n };
  }

  /** One item, only if it belongs to the collection (the relay serves nothing else). */
  itemInCollection(collectionId: string, itemId: string) {
    return this.d1
      .prepare(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.id = ?1 AND i.collection_id = ?2`)
      .bind(itemId, collectionId)
      .first<ItemRow>();
  }

  /** One keyset page of a collection's items, in capture order. */
  async page(collectionId: string, after: { sortKey: number; id: string } | null, limit: number): Promise<ItemRow[]> {
    const stmt = after
      ? this.d1
          .prepare(
            `SELECT ${ITEM_COLUMNS} FROM items i WHERE i.collection_id = ?1 AND (i.sort_key, i.id) > (?2, ?3)
             ORDER BY i.sort_key, i.id LIMIT ?4`,
          )
          .bind(collectionId, after.sortKey, after.id, limit)
      : this.d1
          .prepare(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.collection_id = ?1 ORDER BY i.sort_key, i.id LIMIT ?2`)
          .bind(collectionId, limit);
    return (await stmt.all<ItemRow>()).results;
  }
}
