import type { ApprovalResult } from '@hypomos/shared/api/events';
import { client, ok } from '../api/client';
import type { ToastOptions } from '../ui/ui-context';

/**
 * The toast after approving or rejecting: an "Undo" puts the items it applied to back in the queue, which the
 * portal allows for DECISION_UNDO_MS (shared/sharing/approval.ts).
 */
export function decisionToast(
  eventId: string,
  text: string,
  results: ApprovalResult[],
  after: (toast: ToastOptions) => Promise<void> | void,
): ToastOptions {
  const applied = results.filter((r) => r.status === 'applied').map((r) => r.itemId);
  if (applied.length === 0) return { text };
  return {
    text,
    undo: async () => {
      const json = { decisions: applied.map((itemId) => ({ itemId, decision: 'reopen' as const })) };
      const { results: reopened } = await ok(
        client.api.events[':id'].decisions.$post({ param: { id: eventId }, json }),
      );
      const back = reopened.filter((r) => r.status === 'applied').length;
      await after(
        back === applied.length
          ? { text: `Undone: ${back === 1 ? 'it waits' : `${back} wait`} in the queue again.` }
          : { text: 'Too late to undo: decide again from the queue.', tone: 'error' },
      );
    },
  };
}
