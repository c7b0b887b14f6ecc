import type { D1Like } from './metered-d1';
import { newId, newToken, sha256Hex } from './crypto';

export interface ProofingClientRow {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface ProofingPickRow {
  clientId: string;
  itemId: string;
  pickedAt: number;
  fileName: string | null;
  sourceItemId: string;
  mediaType: 'image' | 'video';
  capturedAt: number | null;
  placeLabel: string | null;
  durationSec: number | null;
  thumbnailUrl: string | null;
  originalUrl: string;
  delivery: string | null;
}

export type PickOutcome = 'picked' | 'limit_reached' | 'not_found';

// One statement checks that the item is in the share's collection and that the client is under the limit, so two
// taps sent at once cannot both pass a limit of one. ?5 NULL: no limit. A repeated pick changes nothing.
const PICK = `INSERT INTO proofing_picks (client_id, item_id, picked_at)
SELECT ?1, i.id, ?4 FROM items i JOIN shares s ON s.collection_id = i.collection_id
WHERE s.id = ?2 AND i.id = ?3
  AND (?5 IS NULL OR EXISTS (SELECT 1 FROM proofing_picks p WHERE p.client_id = ?1 AND p.item_id = ?3)
    OR (SELECT count(*) FROM proofing_picks p WHERE p.client_id = ?1) < ?5)
ON CONFLICT DO NOTHING`;

/** Clients choosing favourites on a gallery, and their picks (issue 23). */
export class ProofingRepo {
  constructor(private readonly d1: D1Like) {}

  /** A new client with a bearer token (only its hash is kept); null when the gallery has `max` clients already. */
  async startClient(shareId: string, name: string, now: number, max: number) {
    const token = newToken();
    const id = newId();
    const r = await this.d1
      .prepare(
        `INSERT INTO proofing_clients (id, share_id, name, token_hash, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?5 WHERE (SELECT count(*) FROM proofing_clients WHERE share_id = ?2) < ?6`,
      )
      .bind(id, shareId, name, await sha256Hex(token), now, max)
      .run();
    return r.meta.changes === 1 ? { token, client: { id, name, createdAt: now, updatedAt: now } } : null;
  }

  /** The client holding `token` on this share; a token of another gallery finds nothing. */
  async client(shareId: string, token: string): Promise<ProofingClientRow | null> {
    return this.d1
      .prepare(
        `SELECT id, name, created_at AS createdAt, updated_at AS updatedAt FROM proofing_clients
         WHERE token_hash = ?1 AND share_id = ?2`,
      )
      .bind(await sha256Hex(token), shareId)
      .first<ProofingClientRow>();
  }

  /** In the gallery's order. */
  async picksOf(clientId: string): Promise<string[]> {
    const r = await this.d1
      .prepare(
        `SELECT p.item_id AS itemId FROM proofing_picks p JOIN items i ON i.id = p.item_id
         WHERE p.client_id = ?1 ORDER BY i.sort_key, i.id`,
      )
      .bind(clientId)
      .all<{ itemId: string }>();
    return r.results.map((x) => x.itemId);
  }

  async pick(clientId: string, shareId: string, itemId: string, limit: number | null, now: number) {
    const [insert, found] = await this.d1.batch([
      this.d1.prepare(PICK).bind(clientId, shareId, itemId, now, limit),
      this.d1
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM items i JOIN shares s ON s.collection_id = i.collection_id
             WHERE s.id = ?1 AND i.id = ?2) AS inShare`,
        )
        .bind(shareId, itemId),
      this.touch(clientId, now),
    ]);
    if (insert!.meta.changes === 1) return 'picked' satisfies PickOutcome;
    const inShare = (found!.results[0] as { inShare: number } | undefined)?.inShare === 1;
    if (!inShare) return 'not_found' satisfies PickOutcome;
    const kept = await this.d1
      .prepare('SELECT 1 FROM proofing_picks WHERE client_id = ?1 AND item_id = ?2')
      .bind(clientId, itemId)
      .first();
    return (kept ? 'picked' : 'limit_reached') satisfies PickOutcome;
  }

  async unpick(clientId: string, itemId: string, now: number) {
    await this.d1.batch([
      this.d1.prepare('DELETE FROM proofing_picks WHERE client_id = ?1 AND item_id = ?2').bind(clientId, itemId),
      this.touch(clientId, now),
    ]);
  }

  private touch(clientId: string, now: number) {
    return this.d1.prepare('UPDATE proofing_clients SET updated_at = ?2 WHERE id = ?1').bind(clientId, now);
  }

  /** Every client of the share, first one first, and their picks with what the owner's page shows of each. */
  async report(shareId: string) {
    const [clients, picks] = await this.d1.batch([
      this.d1
        .prepare(
          `SELECT id, name, created_at AS createdAt, updated_at AS updatedAt FROM proofing_clients
           WHERE share_id = ?1 ORDER BY created_at, rowid`,
        )
        .bind(shareId),
      this.d1
        .prepare(
          `SELECT p.client_id AS clientId, p.item_id AS itemId, p.picked_at AS pickedAt, i.file_name AS fileName,
             i.source_item_id AS sourceItemId, i.media_type AS mediaType, i.captured_at AS capturedAt,
             i.place_label AS placeLabel, i.duration_sec AS durationSec, i.thumbnail_url AS thumbnailUrl,
             i.original_url AS originalUrl, i.delivery AS delivery
           FROM proofing_clients c JOIN proofing_picks p ON p.client_id = c.id JOIN items i ON i.id = p.item_id
           WHERE c.share_id = ?1 ORDER BY i.sort_key, i.id`,
        )
        .bind(shareId),
    ]);
    return {
      clients: clients!.results as unknown as ProofingClientRow[],
      picks: picks!.results as unknown as ProofingPickRow[],
    };
  }
}
