import { useEffect, useState } from 'react';

export const ROUTES = [
  'timeline',
  'search',
  'map',
  'collections',
  'explore',
  'people',
  'housekeeping',
  'shared',
  'activity',
  'sources',
  'import',
  'insights',
  'tiering',
  'settings',
] as const;
export type RouteName = (typeof ROUTES)[number];

export interface Route {
  name: RouteName;
  /** The rest of the path, e.g. a collection id in `#/collections/<id>`. */
  param: string | null;
  query: URLSearchParams;
}

/** `#/collections/abc?x=1` → { name: 'collections', param: 'abc', query }. Unknown routes fall back to the timeline. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = body.split('?');
  const [head = '', ...rest] = path.split('/');
  const name = (ROUTES as readonly string[]).includes(head) ? (head as RouteName) : 'timeline';
  const param = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  return { name, param, query: new URLSearchParams(search) };
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
