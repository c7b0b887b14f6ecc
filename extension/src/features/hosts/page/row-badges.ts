import { ask as askProtocol } from '../../../protocol';
import type { HostKind } from '../location';
import type { RowStatus } from '../messages';
import { applyBadge, removeBadges } from './badges';
import type { HostPage } from './host-page';

/** What the badges need from the page: its rows, and when to look again. */
export type BadgedPage = Pick<HostPage, 'snapshot' | 'onRendered' | 'onIndexChanged'> & {
  adapter: { kind: HostKind };
};
export type AskStatuses = (host: HostKind, itemIds: string[]) => Promise<Record<string, RowStatus>>;

const askBackground: AskStatuses = async (host, itemIds) =>
  (await askProtocol('hosts.rowStatus', { host, itemIds })).statuses;

/** Waits before asking again after a failed ask: the background may be waking up or restarting. */
export const RETRY_DELAYS_MS = [500, 2_000, 5_000, 15_000];

/**
 * A badge on each file row we know (indexed, shared, pending approval…). Each row's status is asked once per
 * location, and again for every row after an action changed the index. A failed ask is retried, so a badge is
 * never left showing the state from before an action.
 */
export function initRowBadges(page: BadgedPage, signal: AbortSignal, ask: AskStatuses = askBackground): void {
  const statuses = new Map<string, RowStatus>();
  // Bumped when an action changes the index: an answer to a question asked before it is stale, and must not
  // overwrite the fresh one (under load the two answers can arrive in either order).
  let generation = 0;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const refresh = () => {
    const asked = generation;
    const rows = page.snapshot().rows;
    const unknown = rows.map((r) => r.id).filter((id) => !statuses.has(id));
    for (const row of rows) if (statuses.has(row.id)) applyBadge(row, statuses.get(row.id) ?? null);
    if (unknown.length === 0) return;
    for (const id of unknown) statuses.set(id, null);
    ask(page.adapter.kind, unknown.slice(0, 5000))
      .then((answer) => {
        if (signal.aborted || asked !== generation) return;
        failures = 0;
        for (const [id, status] of Object.entries(answer)) statuses.set(id, status);
        for (const row of page.snapshot().rows) applyBadge(row, statuses.get(row.id) ?? null);
      })
      .catch(() => {
        // No source connected yet, or the background is waking up: forget the question and ask again later.
        if (signal.aborted || asked !== generation) return;
        for (const id of unknown) if (statuses.get(id) === null) statuses.delete(id);
        const delay = RETRY_DELAYS_MS[failures++];
        if (delay === undefined || retry) return;
        retry = setTimeout(() => {
          retry = undefined;
          refresh();
        }, delay);
      });
  };

  page.onRendered(refresh, signal);
  page.onIndexChanged(() => {
    generation++;
    statuses.clear();
    refresh();
  }, signal);
  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(retry);
      removeBadges(document);
    },
    { once: true },
  );
  refresh();
}
