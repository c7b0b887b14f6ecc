import { itemKey } from '@hypomos/shared/index/item';
import type { HypomosDb } from '../../../db';
import type { PublishedRow } from '../../../db/rows';
import { asPublished, contributionState } from '../../sharing';
import type { HostKind } from '../location';
import type { HostReply, RowStatus } from '../messages';

/** Badge per row: shared (published and visible), pending (waiting for approval or publishing), indexed, or nothing. */
export async function rowStatuses(
  db: HypomosDb,
  host: HostKind,
  ids: readonly string[],
): Promise<Record<string, RowStatus>> {
  const statuses: Record<string, RowStatus> = Object.fromEntries(ids.map((id) => [id, null]));
  const sources = await db.sources.where('kind').equals(host).toArray();
  for (const source of sources) {
    const keys = ids.map((id) => itemKey(source.id, id));
    const [items, published] = await Promise.all([
      db.items.bulkGet(keys),
      db.published.where('itemKey').anyOf(keys).toArray(),
    ]);
    const byKey = new Map<string, PublishedRow[]>();
    for (const p of published) byKey.set(p.itemKey, [...(byKey.get(p.itemKey) ?? []), p]);
    ids.forEach((id, n) => {
      const rows = byKey.get(keys[n] as string) ?? [];
      const status = badge(items[n] !== undefined, rows);
      if (rank(status) > rank(statuses[id] ?? null)) statuses[id] = status;
    });
  }
  return statuses;
}

/** The row's most telling state over every share holding it; event contributions show the organizer's decision. */
function badge(indexed: boolean, published: PublishedRow[]): RowStatus {
  let best: RowStatus = indexed ? 'indexed' : null;
  for (const row of published.map(asPublished)) {
    const status = row.approval ? contributionState(row) : shareStatus(row);
    if (rank(status) > rank(best)) best = status;
  }
  return best;
}

function shareStatus(row: PublishedRow): RowStatus {
  if (row.state === 'published') return 'shared';
  return row.state === 'pending' ? 'pending' : null;
}

const RANKS: RowStatus[] = [null, 'indexed', 'withdrawn', 'rejected', 'pending', 'approved', 'shared'];
const rank = (s: RowStatus) => RANKS.indexOf(s);

export async function popupStatus(db: HypomosDb): Promise<HostReply<'popup.status'>> {
  const [sources, states, items, collections] = await Promise.all([
    db.sources.toArray(),
    db.syncState.toArray(),
    db.items.count(),
    db.collections.count(),
  ]);
  const stateOf = new Map(states.map((s) => [s.sourceId, s]));
  // What the source holds in the index, not what the last sync added (0 after a sync that found nothing new).
  const counts = await Promise.all(sources.map((s) => db.items.where('sourceId').equals(s.id).count()));
  return {
    sources: sources.map((s, i) => {
      const st = stateOf.get(s.id);
      return {
        id: s.id,
        kind: s.kind,
        name: s.name,
        phase: st?.phase ?? 'idle',
        items: counts[i] ?? 0,
        indexed: st?.indexed ?? 0,
        failed: st?.failedCount ?? 0,
        lastError: st?.lastError ?? null,
      };
    }),
    items,
    collections,
  };
}
