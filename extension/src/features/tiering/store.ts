import type { ItemKey } from '@hypomos/shared/index/item';
import type { PlannedMove } from '@hypomos/shared/tiering/plan';
import type { HypomosDb } from '../../db';
import { type MoveRow, type MoveState, MoveRow as MoveRowSchema } from './rows';

/** The only writer of `tierMoves`: move checkpoints, the move log, and the alias of a moved item's new place. */

const UNFINISHED: MoveState[] = [
  'queued',
  'copying',
  'copied',
  'verified',
  'switched',
  'republished',
  'failed',
  'undo-queued',
  'undo-restored',
  'undo-switched',
  'undo-republished',
];
/** A move (or its undo) that a run still has to finish. */
export const isUnfinished = (m: MoveRow): boolean => UNFINISHED.includes(m.state);

/**
 * Queues the moves of a plan. An item with an unfinished move keeps that one (a plan made twice while the
 * first run is going queues nothing twice).
 */
export async function enqueueMoves(
  db: HypomosDb,
  runId: string,
  moves: readonly PlannedMove[],
  now: number,
): Promise<MoveRow[]> {
  return db.transaction('rw', [db.tierMoves, db.items], async () => {
    const busy = new Set((await db.tierMoves.where('state').anyOf(UNFINISHED).toArray()).map((m) => m.key));
    const items = await db.items.bulkGet(moves.map((m) => m.key as ItemKey));
    const rows: MoveRow[] = [];
    for (const [i, m] of moves.entries()) {
      const item = items[i];
      if (!item || busy.has(m.key) || item.sourceId !== m.from) continue;
      rows.push(
        MoveRowSchema.parse({
          id: `${runId}:${m.key}`,
          runId,
          key: m.key,
          direction: m.direction,
          state: 'queued',
          failedAt: null,
          error: null,
          attempts: 0,
          bytes: item.bytes ?? m.bytes,
          fromSourceId: item.sourceId,
          fromId: item.providerItemId,
          fromPath: item.folder ? `${item.folder}/${item.name}` : item.name,
          toSourceId: m.to,
          toId: null,
          toPath: null,
          toName: null,
          tier: m.tier === 'Hot' ? null : m.tier,
          upload: null,
          sourceHashes: null,
          destHashes: null,
          destEtag: null,
          browserBytes: 0,
          createdAt: now,
          updatedAt: now,
          log: [
            { at: now, state: 'queued', note: `Planned ${m.direction === 'to-cold' ? 'to cold' : 'back to warm'}` },
          ],
        }),
      );
    }
    await db.tierMoves.bulkAdd(rows);
    return rows;
  });
}

/** The last step a move completed (a failed move keeps it in `failedAt`). */
export const reached = (m: MoveRow): MoveState => (m.state === 'failed' ? (m.failedAt ?? 'queued') : m.state);
/** The index points at the destination: from the switch until an undo switches it back. */
const SWITCHED = new Set<MoveState>(['switched', 'republished', 'done', 'undo-queued', 'undo-restored']);

export const unfinishedMoves = (db: HypomosDb, runId?: string) =>
  db.tierMoves
    .where('state')
    .anyOf(UNFINISHED)
    .filter((m) => runId === undefined || m.runId === runId)
    .sortBy('createdAt');

/** Saves a step's result and, when the state changes, a line of the log. */
export async function checkpoint(
  db: HypomosDb,
  id: string,
  changes: Partial<MoveRow>,
  now: number,
  note?: string,
): Promise<MoveRow> {
  return db.transaction('rw', db.tierMoves, async () => {
    const row = await db.tierMoves.get(id);
    if (!row) throw new Error(`No move ${id}`);
    const next: MoveRow = { ...row, ...changes, updatedAt: now };
    if (note !== undefined) next.log = [...row.log, { at: now, state: next.state, note }];
    await db.tierMoves.put(next);
    return next;
  });
}

/**
 * The keys of items that moved to `sourceId` under the given provider ids. A moved item keeps its key (its
 * tags, faces, collections, stats and shares hang on it), so a scan of the destination finds it under its
 * alias instead of indexing a second item. Call inside a transaction that includes `tierMoves`.
 */
export async function aliasKeys(db: HypomosDb, sourceId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.tierMoves
    .where('[toSourceId+toId]')
    .anyOf(ids.map((id) => [sourceId, id]))
    .filter((m) => SWITCHED.has(reached(m)))
    .toArray();
  return new Map(rows.map((m) => [m.toId as string, m.key]));
}

/** The log, most recently changed first (a just-undone move comes to the top). */
export const moveLog = async (db: HypomosDb, limit = 200) =>
  (await db.tierMoves.toArray()).sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
