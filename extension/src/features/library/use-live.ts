import { liveQuery } from 'dexie';
import { type DependencyList, useEffect, useState } from 'react';

/** A Dexie live query as React state: re-runs whenever the tables it read change. */
export function useLive<T>(query: () => Promise<T>, deps: DependencyList, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(
    () => {
      const sub = liveQuery(query).subscribe({ next: setValue, error: (e) => console.error('live query failed', e) });
      return () => sub.unsubscribe();
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the query depends on
    deps,
  );
  return value;
}
