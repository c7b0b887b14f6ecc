import type { RowStatus } from '../messages';
import { applyBadge, removeBadges } from './badges';
import type { HostPage } from './host-page';
import { send } from './send';

/**
 * A badge on each file row we know (indexed, shared, pending approval…). Each row's status is asked once per
 * location, and again for every row after an action changed the index.
 */
export function initRowBadges(page: HostPage, signal: AbortSignal): void {
  const statuses = new Map<string, RowStatus>();
  // Bumped when an action changes the index: an answer to a question asked before it is stale, and must not
  // overwrite the fresh one (under load the two answers can arrive in either order).
  let generation = 0;

  const refresh = () => {
    const asked = generation;
    const rows = page.snapshot().rows;
    const unknown = rows.map((r) => r.id).filter((id) => !statuses.has(id));
    for (const row of rows) if (statuses.has(row.id)) applyBadge(row, statuses.get(row.id) ?? null);
    if (unknown.length === 0) return;
    for (const id of unknown) statuses.set(id, null);
    send({ type: 'hosts.rowStatus', host: page.adapter.kind, itemIds: unknown.slice(0, 5000) })
      .then((reply) => {
        if (signal.aborted || asked !== generation) return;
        for (const [id, status] of Object.entries(reply.statuses)) statuses.set(id, status);
        for (const row of page.snapshot().rows) applyBadge(row, statuses.get(row.id) ?? null);
      })
      .catch(() => {
        // No source connected yet, or the background is restarting: rows simply have no badge.
      });
  };

  page.onRendered(refresh, signal);
  page.onIndexChanged(() => {
    generation++;
    statuses.clear();
    refresh();
  }, signal);
  signal.addEventListener('abort', () => removeBadges(document), { once: true });
  refresh();
}
