import type { ApprovalState } from '../api/events';
import type { BulkReason } from '../api/common';

/**
 * The approval state machine for items contributed to an event:
 *   pending → approved | rejected   (organizer)
 *   any     → withdrawn             (contributor; terminal)
 * Only approved items are visible to viewers.
 */
export type ApprovalAction = 'approve' | 'reject' | 'withdraw';
export type Transition = { ok: true; state: ApprovalState } | { ok: false; reason: BulkReason };

export function transition(from: ApprovalState, action: ApprovalAction): Transition {
  if (from === 'withdrawn') return { ok: false, reason: 'withdrawn' };
  if (action === 'withdraw') return { ok: true, state: 'withdrawn' };
  if (from !== 'pending') return { ok: false, reason: 'already_decided' };
  return { ok: true, state: action === 'approve' ? 'approved' : 'rejected' };
}

export function isVisibleToViewers(state: ApprovalState): boolean {
  return state === 'approved';
}
