import { useState } from 'react';

/** What `sharing.portal` answers: the portal's address and whether this extension is paired with it. */
export type { PortalState } from './messages';

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A panel's buttons: `act(f)` makes a click handler that clears the last error, runs `f`, shows its error if it
 * fails, and then lets the panel re-read what it shows (`after`).
 */
export function useAction(after: () => Promise<unknown>) {
  const [error, setError] = useState<string | null>(null);
  const act = (f: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    }
    await after();
  };
  return { error, setError, act };
}
