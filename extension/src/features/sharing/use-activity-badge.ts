import { useEffect, useState } from 'react';
import { ask } from '../../protocol';

/** How often an open dashboard looks at the stored activity again (the background reads the portal on its alarm). */
const POLL_MS = 60_000;

/** The toolbar badge's activity count for the dashboard's nav ('' when nothing is new); asked again on navigation. */
export function useActivityBadge(routeName: string): string {
  const [badge, setBadge] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change (the activity page marks things seen) asks again
  useEffect(() => {
    let live = true;
    const read = () =>
      ask('sharing.activity', { refresh: false })
        .then((v) => live && setBadge(v.badge))
        // A hint only: an unanswered ask keeps the last count.
        .catch(() => undefined);
    void read();
    const t = setInterval(read, POLL_MS);
    window.addEventListener('hypomos:activity-seen', read);
    return () => {
      live = false;
      clearInterval(t);
      window.removeEventListener('hypomos:activity-seen', read);
    };
  }, [routeName]);
  return badge;
}
