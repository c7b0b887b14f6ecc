import type { ApprovalState } from '../api/events';
import type { BulkReason } from '../api/common';

/**
 * The approval state machine for items contributed to an event:
 *   pending → approved | rejected   (organizer)
 *   approved → rejected             (organizer, only where a trusted guest's item was approved by trust)
 *   approved | rejected → pending   (organizer: "Undo" within DECISION_UNDO_MS of the decision)
 *   any     → withdrawn             (contributor; terminal)
 * Only approved items are visible to viewers.
 */
export type ApprovalAction = 'approve' | 'reject' | 'reopen' | 'withdraw';

/** How long the organizer can undo an approval or a rejection (the toast's "Undo"). */
export const DECISION_UNDO_MS = 30_000;
export type Transition = { ok: true; state: ApprovalState } | { ok: false; reason: BulkReason };

export function transition(
  from: ApprovalState,
  action: ApprovalAction,
  opts: { byTrust?: boolean; decidedAgoMs?: number } = {},
): Transition {
  if (from === 'withdrawn') return { ok: false, reason: 'withdrawn' };
  if (action === 'withdraw') return { ok: true, state: 'withdrawn' };
  if (action === 'reopen') {
    if (from === 'pending') return { ok: false, reason: 'invalid' };
    const recent = opts.decidedAgoMs !== undefined && opts.decidedAgoMs <= DECISION_UNDO_MS;
    return recent ? { ok: true, state: 'pending' } : { ok: false, reason: 'undo_expired' };
  }
  // Trust approved it, not the organizer: their first own decision on it may still be "no".
  if (from === 'approved' && opts.byTrust && action === 'reject') return { ok: true, state: 'rejected' };
  if (from !== 'pending') return { ok: false, reason: 'already_decided' };
  return { ok: true, state: action === 'approve' ? 'approved' : 'rejected' };
}

export function isVisibleToViewers(state: ApprovalState): boolean {
  return state === 'approved';
}
