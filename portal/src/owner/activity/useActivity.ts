import type { Activity } from '@hypomos/shared/api/events';
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client';

/** How often an open owner page asks again: new contributions show within a minute without a reload. */
const POLL_MS = 60_000;

/** The organizer's activity (guests' items waiting for a decision), asked again on every page change and each minute. */
export function useActivity(path: string, signedIn: boolean): Activity | null {
  const [activity, setActivity] = useState<Activity | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change (a decision may have been made) asks again
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    const ask = () =>
      ok(client.api.activity.$get())
        .then((a) => live && setActivity(a))
        // The badge is a hint: a failed ask leaves the last answer (or none) rather than an error on every page.
        .catch(() => undefined);
    void ask();
    const t = setInterval(ask, POLL_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [path, signedIn]);
  return activity;
}
