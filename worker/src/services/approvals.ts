import type { ApprovalResult, ApprovalState } from '@hypomos/shared/api/events';
import { type ApprovalAction, transition } from '@hypomos/shared/sharing/approval';
import type { ApprovalRow } from '../repositories/events';
import type { Repos } from '../repositories';

/**
 * Applies actions item by item through the shared state machine; the valid changes are written together,
 * and every input gets its own result with a reason when refused.
 */
export async function applyActions(
  repos: Repos,
  eventId: string,
  requests: { itemId: string; action: ApprovalAction }[],
  now: number,
  scope: (row: ApprovalRow) => boolean = () => true,
): Promise<ApprovalResult[]> {
  const rows = new Map(
    (await repos.events.approvalsFor(eventId, [...new Set(requests.map((r) => r.itemId))])).map((r) => [r.itemId, r]),
  );
  const pendingState = new Map<string, ApprovalState>();
  const results = requests.map(({ itemId, action }): ApprovalResult => {
    const row = rows.get(itemId);
    if (!row || !scope(row)) return { itemId, status: 'rejected', state: null, reason: 'not_found' };
    const from = pendingState.get(itemId) ?? row.state;
    const t = transition(from, action, {
      byTrust: !pendingState.has(itemId) && row.autoApprovedAt !== null,
      decidedAgoMs: pendingState.has(itemId) ? 0 : now - row.updatedAt,
    });
    if (!t.ok) return { itemId, status: 'rejected', state: from, reason: t.reason };
    pendingState.set(itemId, t.state);
    return { itemId, status: 'applied', state: t.state, reason: null };
  });
  await repos.events.setStates(
    eventId,
    [...pendingState].map(([itemId, state]) => ({ itemId, state })),
    now,
  );
  return results;
}
