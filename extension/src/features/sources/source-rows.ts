import type { SourceKind } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../db';
import type { PendingRow, SourceRow } from '../../db/rows';

/**
 * The sources' tables as other features see them: connected sources, their scan states, the queue of items
 * still to read and the items that failed. Other features call these instead of `db.sources` and friends.
 */
export const SOURCES_TABLE = 'sources';

export const getSource = (db: HypomosDb, id: string) => db.sources.get(id);

export const allSources = (db: HypomosDb) => db.sources.toArray();

/** The sources of one kind, oldest first. */
export const sourcesOfKind = (db: HypomosDb, kind: SourceKind) =>
  db.sources.where('kind').equals(kind).sortBy('createdAt');

export const updateSource = (db: HypomosDb, id: string, changes: Partial<Omit<SourceRow, 'id'>>) =>
  db.sources.update(id, changes);

export const putSource = (db: HypomosDb, row: SourceRow) => db.sources.put(row);

export const syncStates = (db: HypomosDb) => db.syncState.toArray();

/** Queues provider items for the scanner's next drain. */
export const queuePending = (db: HypomosDb, rows: readonly PendingRow[]) => db.pending.bulkPut(rows as PendingRow[]);

export const failuresOf = (db: HypomosDb, keys: readonly string[]) => db.failed.bulkGet(keys as string[]);
