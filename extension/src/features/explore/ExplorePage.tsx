import type { IndexItem } from '@hypomos/shared/index/item';
import { useEffect, useState } from 'react';
import { itemsPage, ProgressBar, useLibrary, useLibraryContext } from '../library';
import { TripSuggestions, toPlaced } from '../trips';
import type { PlacedPhoto } from '@hypomos/shared/trips/detect';
import { CATEGORY_TITLES, type Category, categoriesOf } from './categories';

interface Facets {
  /** Photos with what trip detection reads (features/trips). */
  placed: PlacedPhoto[];
  countries: Map<string, number>;
  cities: Map<string, number>;
  people: Map<string, number>;
  labels: Map<string, number>;
  categories: Map<Category, number>;
}

const bump = <K,>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/** One pass over the index (chunked, so the page stays responsive and shows progress). */
async function computeFacets(
  each: (fn: (i: IndexItem) => void, progress: (n: number) => void) => Promise<void>,
  progress: (n: number) => void,
): Promise<Facets> {
  const f: Facets = {
    placed: [],
    countries: new Map(),
    cities: new Map(),
    people: new Map(),
    labels: new Map(),
    categories: new Map(),
  };
  await each((i) => {
    if (!i.unwanted) f.placed.push(toPlaced(i));
    if (i.place?.country) bump(f.countries, i.place.country);
    if (i.place?.city) bump(f.cities, i.place.city);
    for (const p of i.people) bump(f.people, p);
    for (const l of i.labels) bump(f.labels, l);
    for (const c of categoriesOf(i)) bump(f.categories, c);
  }, progress);
  return f;
}

const quote = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
const top = <K,>(m: Map<K, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

function Section({
  title,
  testId,
  entries,
  query,
}: {
  title: string;
  testId: string;
  entries: [string, number][];
  query: (k: string) => string;
}) {
  return (
    <section className="facet" data-testid={testId}>
      <h2>{title}</h2>
      {entries.length === 0 && <p className="empty">Nothing yet.</p>}
      <ul>
        {entries.map(([k, n]) => (
          <li key={k}>
            <a href={`#/search?q=${encodeURIComponent(query(k))}`}>
              {k} <span className="badge">{n.toLocaleString()}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

const CATEGORY_QUERIES: Record<Category, string> = {
  videos: 'is:video',
  screenshots: 'screenshot',
  panoramas: 'pano',
  documents: 'label:document,text,receipt',
  selfies: 'label:selfie',
};

/** Places, people, things and categories, each linking to the matching search. */
export function ExplorePage() {
  const { db, store } = useLibraryContext();
  const { version, total } = useLibrary(store);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [done, setDone] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` recomputes when the library changes
  useEffect(() => {
    let live = true;
    const each = async (fn: (i: IndexItem) => void, progress: (n: number) => void) => {
      let n = 0;
      let last: string | null = null;
      for (;;) {
        const rows: IndexItem[] = await itemsPage(db, last, 10_000);
        for (const r of rows) fn(r);
        n += rows.length;
        progress(n);
        if (rows.length < 10_000 || !live) break;
        last = rows.at(-1)!.key;
      }
    };
    void computeFacets(each, (n) => live && setDone(n)).then((f) => live && setFacets(f));
    return () => {
      live = false;
    };
  }, [db, version]);
  if (total === 0)
    return (
      <p className="empty" data-testid="empty-state">
        Nothing to explore yet. <a href="#/sources">Connect a source</a> first.
      </p>
    );
  if (!facets) return <ProgressBar label="Reading the library" done={done} total={total ?? 0} />;
  return (
    <section className="page explore" aria-label="Explore">
      <h1>Explore</h1>
      <TripSuggestions photos={facets.placed} />
      <div className="facets">
        <Section
          title="Countries"
          testId="explore-countries"
          entries={top(facets.countries, 30)}
          query={(k) => `place:${quote(k)}`}
        />
        <Section
          title="Cities"
          testId="explore-cities"
          entries={top(facets.cities, 30)}
          query={(k) => `place:${quote(k)}`}
        />
        <Section
          title="People"
          testId="explore-people"
          entries={top(facets.people, 30)}
          query={(k) => `person:${quote(k)}`}
        />
        <Section
          title="Things"
          testId="explore-things"
          entries={top(facets.labels, 40)}
          query={(k) => `label:${quote(k)}`}
        />
        <Section
          title="Categories"
          testId="explore-categories"
          entries={(Object.keys(CATEGORY_TITLES) as Category[]).map((c) => [
            CATEGORY_TITLES[c],
            facets.categories.get(c) ?? 0,
          ])}
          query={(title) =>
            CATEGORY_QUERIES[(Object.keys(CATEGORY_TITLES) as Category[]).find((c) => CATEGORY_TITLES[c] === title)!]
          }
        />
      </div>
    </section>
  );
}
