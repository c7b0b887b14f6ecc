import { type Filter, isMatchAll } from '@hypomos/shared/filter/schema';
import { parseQuery, removeTerm } from '@hypomos/shared/filter/parse';
import { summarize } from '@hypomos/shared/filter/summary';
import { useEffect, useMemo, useState } from 'react';
import { createDynamic, SelectionBar } from '../collections';
import { type CatalogItem, evaluateForLibrary, JustifiedGrid, useLibrary, useLibraryContext } from '../library';
import { SearchX } from 'lucide-react';
import { EmptyState, useUi } from '../../ui';

const QUICK_CHIPS = [
  { label: 'Has location', token: 'has:gps' },
  { label: 'Liked', token: 'is:liked' },
  { label: 'Videos', token: 'is:video' },
  { label: 'Photos', token: 'is:photo' },
  { label: '4★ and up', token: 'rating>=4' },
  { label: 'This year', token: `year:${new Date().getFullYear()}` },
];

/** One query bar, filter chips, live results (re-evaluated as the query changes, debounced). */
export function SearchPage({
  initialQuery,
  onQueryChange,
}: {
  initialQuery: string;
  onQueryChange: (q: string) => void;
}) {
  const { db, store, clock, selection, setSelection, lightbox } = useLibraryContext();
  const ui = useUi();
  const { byKey, version } = useLibrary(store);
  const [query, setQuery] = useState(initialQuery);
  const parsed = useMemo(() => parseQuery(query), [query]);
  const [results, setResults] = useState<{ items: CatalogItem[]; index: string | null; for: Filter } | null>(null);
  const [saved, setSaved] = useState('');

  useEffect(() => setQuery(initialQuery), [initialQuery]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-runs the search when the library changes
  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      onQueryChange(query);
      const ev = await evaluateForLibrary(db, store, parsed.filter);
      if (!live) return;
      const items = ev.keys
        .map((k) => byKey.get(k))
        .filter((i): i is CatalogItem => i !== undefined)
        .sort((a, b) => b.takenAt - a.takenAt);
      setResults({ items, index: ev.index, for: parsed.filter });
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [parsed, db, store, byKey, version]);

  const keys = results?.items.map((i) => i.key) ?? [];
  return (
    <section className="page search" aria-label="Search">
      <header className="toolbar column">
        <input
          className="query-bar"
          type="search"
          aria-label="Search"
          placeholder="camera:canon tag:family after:2024-01-01 near:48.85,2.35,10km has:gps"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="query-bar"
        />
        <div className="chips" data-testid="chips">
          {parsed.terms.map((t) => (
            <span key={t.raw} className="chip" data-testid="chip">
              {t.raw}
              <button type="button" aria-label={`Remove ${t.raw}`} onClick={() => setQuery(removeTerm(query, t.raw))}>
                ×
              </button>
            </span>
          ))}
          {QUICK_CHIPS.filter((c) => !query.includes(c.token)).map((c) => (
            <button
              type="button"
              key={c.token}
              className="chip add"
              onClick={() => setQuery(`${query} ${c.token}`.trim())}
            >
              + {c.label}
            </button>
          ))}
        </div>
        {parsed.errors.map((e) => (
          <p key={e} className="error" role="alert">
            {e}
          </p>
        ))}
        <p data-testid="filter-summary">{summarize(parsed.filter)}</p>
        <div className="row">
          <span data-testid="result-count">
            {results ? `${results.items.length.toLocaleString()} results` : 'Searching…'}
            {results &&
              ` (${results.index === 'memory' ? 'in memory' : results.index ? `index: ${results.index}` : 'full scan'})`}
          </span>
          <button
            type="button"
            disabled={isMatchAll(parsed.filter)}
            onClick={async () => {
              const title = await ui.prompt({
                title: 'Save as dynamic collection',
                label: 'Name',
                initial: summarize(parsed.filter),
                confirmLabel: 'Save',
              });
              if (title === null) return;
              const row = await createDynamic(db, clock, title, parsed.filter);
              setSaved(`Saved “${row.title}” — it stays current as the library changes`);
            }}
          >
            Save as dynamic collection
          </button>
          {saved && <span role="status">{saved}</span>}
        </div>
      </header>
      <SelectionBar orderedKeys={keys} />
      {results && results.items.length === 0 && (
        <EmptyState icon={<SearchX size={44} />} title="Nothing matches">
          Remove a chip or try fewer words.
        </EmptyState>
      )}
      <JustifiedGrid
        items={results?.items ?? []}
        selection={selection}
        onSelection={setSelection}
        onOpen={(i) => lightbox(keys, i)}
        label="Search results"
      />
    </section>
  );
}
