import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';

/** Loads data for an owner page; it re-runs when `key` changes, and `reload` re-runs it after a write. */
export function useLoad<T>(load: () => Promise<T>, key = '') {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(load);
  latest.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when the loader's inputs changed
  const reload = useCallback(async () => {
    try {
      setData(await latest.current());
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** `<input type="datetime-local">` value → ISO 8601 UTC, or null when empty. */
export const isoFromLocal = (value: string) => (value ? new Date(value).toISOString() : null);
export const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
