import type { PROOFING_CLIENT_HEADER, PublicProofing, Selection } from '@hypomos/shared/api/proofing';
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, client, messageOf, ok } from '../../api/client';

// Typed against the shared constant, not imported at runtime (see api/client.ts: zod stays out of the viewer bundle).
const HEADER: typeof PROOFING_CLIENT_HEADER = 'x-proofing-client';
/** The client's selection token stays in this browser only; it is never part of a URL. */
const storageKey = (shareToken: string) => `hypomos.proofing.${shareToken}`;

function storedToken(shareToken: string): string | null {
  try {
    return localStorage.getItem(storageKey(shareToken));
  } catch {
    return null;
  }
}

export interface SelectionState {
  selection: Selection | null;
  /** Loading the returning client's selection. */
  loading: boolean;
  error: string | null;
  start(name: string): Promise<void>;
  toggle(itemId: string): Promise<void>;
  isPicked(itemId: string): boolean;
}

/** A gallery client's favourites (issue 23): started with a name, kept by a token in localStorage. */
export function useSelection(shareToken: string, proofing: PublicProofing | null): SelectionState {
  const [token, setToken] = useState(() => storedToken(shareToken));
  const [selection, setSelection] = useState<Selection | null>(null);
  const [loading, setLoading] = useState(token !== null && proofing !== null);
  const [error, setError] = useState<string | null>(null);
  const proofingOn = proofing !== null;

  useEffect(() => {
    if (!token || !proofingOn) return;
    let live = true;
    ok(client.api.public.shares[':token'].proofing.$get({ param: { token: shareToken }, header: { [HEADER]: token } }))
      .then((s) => live && setSelection(s))
      .catch((err) => {
        if (!live) return;
        // A token the portal no longer knows (another browser's, or a gallery reset): start afresh.
        if (err instanceof ApiFailure && err.status === 401) {
          localStorage.removeItem(storageKey(shareToken));
          setToken(null);
        } else setError(messageOf(err));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [shareToken, token, proofingOn]);

  const start = useCallback(
    async (name: string) => {
      setError(null);
      try {
        const started = await ok(
          client.api.public.shares[':token'].proofing.clients.$post({ param: { token: shareToken }, json: { name } }),
        );
        localStorage.setItem(storageKey(shareToken), started.clientToken);
        setToken(started.clientToken);
        setSelection(started.selection);
      } catch (err) {
        setError(messageOf(err));
      }
    },
    [shareToken],
  );

  const toggle = useCallback(
    async (itemId: string) => {
      if (!token || !selection) return;
      setError(null);
      const route = client.api.public.shares[':token'].proofing.picks[':itemId'];
      const args = { param: { token: shareToken, itemId }, header: { [HEADER]: token } };
      const picked = selection.picks.includes(itemId as Selection['picks'][number]);
      try {
        setSelection(await ok(picked ? route.$delete(args) : route.$put(args)));
      } catch (err) {
        setError(messageOf(err));
        if (err instanceof ApiFailure && err.code === 'selection_locked') setSelection({ ...selection, locked: true });
      }
    },
    [shareToken, token, selection],
  );

  const isPicked = useCallback(
    (itemId: string) => !!selection?.picks.includes(itemId as Selection['picks'][number]),
    [selection],
  );
  return { selection, loading, error, start, toggle, isPicked };
}
