import { magicCollections } from '@hypomos/shared/magic/magic';
import { summarize } from '@hypomos/shared/filter/summary';
import { useEffect, useMemo, useState } from 'react';
import type { CollectionRow } from '../../db/rows';
import {
  type CatalogItem,
  evaluateForLibrary,
  storedFilter,
  Thumb,
  useLibrary,
  useLibraryContext,
  useLive,
} from '../library';
import { CollectionView } from './CollectionView';
import { createStatic } from './collections';
import { Library } from 'lucide-react';
import { EmptyState, useUi } from '../../ui';

/** Dynamic collections are counted live: the badge follows the library as it changes. */
function useDynamicCount(row: CollectionRow): number | string | null {
  const { db, store } = useLibraryContext();
  const { version } = useLibrary(store);
  const [count, setCount] = useState<number | string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` recounts when the library changes
  useEffect(() => {
    if (row.kind !== 'dynamic') return;
    const f = storedFilter(row);
    if (f instanceof Error) {
      setCount('!');
      return;
    }
    let live = true;
    void evaluateForLibrary(db, store, f).then((ev) => live && setCount(ev.keys.length));
    return () => {
      live = false;
    };
  }, [row, db, store, version]);
  return row.kind === 'static' ? row.itemKeys.length : count;
}

function CollectionCard({ row, cover }: { row: CollectionRow; cover: CatalogItem | undefined }) {
  const count = useDynamicCount(row);
  const f = row.kind === 'dynamic' ? storedFilter(row) : null;
  return (
    <a
      className="card"
      href={`#/collections/${encodeURIComponent(row.id)}`}
      data-testid="collection-card"
      data-kind={row.kind}
    >
      <div className="card-cover">
        {cover ? <Thumb item={cover} /> : <span className="card-blank">{row.kind === 'dynamic' ? '⚙' : '▦'}</span>}
      </div>
      <div className="card-title">{row.title}</div>
      <span className="badge" data-testid="count-badge">
        {count === null ? '…' : count.toLocaleString()}
      </span>
      <small>{row.kind === 'dynamic' ? (f instanceof Error ? f.message : summarize(f!)) : 'Hand-picked'}</small>
    </a>
  );
}

export function CollectionsPage({ openId }: { openId: string | null }) {
  const { db, store, clock } = useLibraryContext();
  const lib = useLibrary(store);
  const ui = useUi();
  const rows = useLive(() => db.collections.orderBy('updatedAt').reverse().toArray(), [db], []);
  const stats = useLive(() => db.stats.toArray(), [db], []);
  const magic = useMemo(
    () => magicCollections(lib.items, stats, { now: clock.now(), limit: 1000 }),
    [lib.items, stats, clock],
  );

  if (openId !== null) {
    const m = magic.find((c) => `magic:${c.id}` === openId);
    if (m) return <CollectionView title={m.title} keys={m.keys} row={null} subtitle={m.description} />;
    const row = rows.find((r) => r.id === openId);
    if (!row) return <p className="empty">Loading collection…</p>;
    return <CollectionView title={row.title} keys={null} row={row} subtitle={null} />;
  }
  return (
    <section className="page collections" aria-label="Collections">
      <header className="toolbar">
        <h1>Collections</h1>
        <button
          type="button"
          onClick={async () => {
            const title = await ui.prompt({
              title: 'New collection',
              label: 'Name',
              initial: 'New collection',
              confirmLabel: 'Create',
            });
            if (title !== null) await createStatic(db, clock, title, []);
          }}
        >
          New collection
        </button>
      </header>
      {rows.length === 0 && (
        <EmptyState icon={<Library size={44} />} title="No collections yet" testId="collections-empty">
          Select photos in the Timeline and press “New collection”, or save a search as a dynamic collection that stays
          current by itself.
        </EmptyState>
      )}
      <div className="cards">
        {rows.map((r) => (
          <CollectionCard key={r.id} row={r} cover={r.coverKey ? lib.byKey.get(r.coverKey) : undefined} />
        ))}
      </div>
      <h2>Magic collections</h2>
      <div className="cards" data-testid="magic-collections">
        {magic.map((m) => (
          <a
            key={m.id}
            className="card"
            href={`#/collections/magic:${m.id}`}
            data-testid="magic-card"
            data-magic={m.id}
          >
            <div className="card-cover">
              {m.keys[0] && lib.byKey.get(m.keys[0]) ? (
                <Thumb item={lib.byKey.get(m.keys[0])!} />
              ) : (
                <span className="card-blank">✦</span>
              )}
            </div>
            <div className="card-title">{m.title}</div>
            <span className="badge" data-testid="count-badge">
              {m.keys.length.toLocaleString()}
            </span>
            <small>{m.description}</small>
          </a>
        ))}
      </div>
    </section>
  );
}
