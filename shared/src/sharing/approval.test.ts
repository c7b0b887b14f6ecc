import { describe, expect, it } from 'vitest';
import type { ApprovalState } from '../api/events';
import { DECISION_UNDO_MS, isVisibleToViewers, transition } from './approval';

describe('approval state machine', () => {
  it('lets the organizer decide pending items once', () => {
    expect(transition('pending', 'approve')).toEqual({ ok: true, state: 'approved' });
    expect(transition('pending', 'reject')).toEqual({ ok: true, state: 'rejected' });
    expect(transition('approved', 'reject')).toEqual({ ok: false, reason: 'already_decided' });
    expect(transition('rejected', 'approve')).toEqual({ ok: false, reason: 'already_decided' });
  });

  it('lets the organizer reject what trust approved (never seen by them), but not approve twice', () => {
    expect(transition('approved', 'reject', { byTrust: true })).toEqual({ ok: true, state: 'rejected' });
    expect(transition('approved', 'approve', { byTrust: true })).toEqual({ ok: false, reason: 'already_decided' });
    expect(transition('rejected', 'reject', { byTrust: true })).toEqual({ ok: false, reason: 'already_decided' });
  });

  it('lets the organizer undo a decision for a short while only', () => {
    for (const s of ['approved', 'rejected'] as ApprovalState[]) {
      expect(transition(s, 'reopen', { decidedAgoMs: 2000 })).toEqual({ ok: true, state: 'pending' });
      expect(transition(s, 'reopen', { decidedAgoMs: DECISION_UNDO_MS + 1 })).toEqual({
        ok: false,
        reason: 'undo_expired',
      });
    }
    expect(transition('pending', 'reopen', { decidedAgoMs: 0 })).toEqual({ ok: false, reason: 'invalid' });
    expect(transition('withdrawn', 'reopen', { decidedAgoMs: 0 })).toEqual({ ok: false, reason: 'withdrawn' });
  });

  it('lets the contributor withdraw from any state, and withdrawn is final', () => {
    for (const s of ['pending', 'approved', 'rejected'] as ApprovalState[])
      expect(transition(s, 'withdraw')).toEqual({ ok: true, state: 'withdrawn' });
    for (const a of ['approve', 'reject', 'withdraw'] as const)
      expect(transition('withdrawn', a)).toEqual({ ok: false, reason: 'withdrawn' });
  });

  it('shows viewers approved items only', () => {
    expect((['pending', 'approved', 'rejected', 'withdrawn'] as ApprovalState[]).filter(isVisibleToViewers)).toEqual([
      'approved',
    ]);
  });
});
