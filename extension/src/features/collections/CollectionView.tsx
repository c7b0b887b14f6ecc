import { summarize } from '@hypomos/shared/filter/summary';
import { ArrowLeft, Images, Play, Share2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { EmptyState, useUi } from '../../ui';
import type { CollectionRow } from '../../db/rows';
import {
  type CatalogItem,
  evaluateForLibrary,
  JustifiedGrid,
  storedFilter,
  Thumb,
  useLibrary,
  useLibraryContext,
} from '../library';
import { SharePanel } from '../sharing';
import { SelectionBar } from './SelectionBar';
import { removeFromStatic, rename, reorder, setCover } from './collections';

/** Hand-picked order can be changed by dragging or with the earlier/later buttons. */
function Arrange({ row, items }: { row: CollectionRow; items: CatalogItem[] }) {
  const { db, clock } = useLibraryContext();
  const [drag, setDrag] = useState<number | null>(null);
  return (
    <ol className="arrange" data-testid="arrange">
      {items.map((item, i) => (
        <li
          key={item.key}
          draggable
          data-testid="arrange-item"
          data-key={item.key}
          onDragStart={() => setDrag(i)}
          onDragOver={(e) => e.preventDefault()}
          onDrop={() => drag !== null && void reorder(db, clock, row.id, drag, i)}
        >
          <Thumb item={item} size={120} />
          <span className="arrange-name">{item.name}</span>
          {row.coverKey === item.key && <span className="badge">Cover</span>}
          <button type="button" disabled={i === 0} onClick={() => reorder(db, clock, row.id, i, i - 1)}>
            ↑ Earlier
          </button>
          <button type="button" disabled={i === items.length - 1} onClick={() => reorder(db, clock, row.id, i, i + 1)}>
            ↓ Later
          </button>
          <button type="button" onClick={() => setCover(db, clock, row.id, item.key)}>
            Set as cover
          </button>
          <button type="button" onClick={() => removeFromStatic(db, clock, row.id, [item.key])}>
            Remove
          </button>
        </li>
      ))}
    </ol>
  );
}

/** One collection: static (its keys in order), dynamic (its filter, evaluated now) or magic (given keys). */
export function CollectionView({
  title,
  keys,
  row,
  subtitle,
}: {
  title: string;
  keys: string[] | null;
  row: CollectionRow | null;
  subtitle: string | null;
}) {
  const { db, store, clock, selection, setSelection, lightbox, slideshow } = useLibraryContext();
  const { byKey, version } = useLibrary(store);
  const [items, setItems] = useState<CatalogItem[] | null>(null);
  const [arranging, setArranging] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState('');
  const ui = useUi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-evaluates when the library changes
  useEffect(() => {
    let live = true;
    const pick = (ks: string[]) => ks.map((k) => byKey.get(k)).filter((i): i is CatalogItem => i !== undefined);
    if (keys) setItems(pick(keys));
    else if (row?.kind === 'static') setItems(pick(row.itemKeys));
    else if (row?.kind === 'dynamic') {
      const f = storedFilter(row);
      if (f instanceof Error) setError(f.message);
      else
        void evaluateForLibrary(db, store, f).then(
          (ev) => live && setItems(pick(ev.keys).sort((a, b) => b.takenAt - a.takenAt)),
        );
    }
    return () => {
      live = false;
    };
  }, [keys, row, byKey, db, store, version]);
  const list = items ?? [];
  const orderedKeys = list.map((i) => i.key);
  const f = row?.kind === 'dynamic' ? storedFilter(row) : null;
  return (
    <section className="page collection" aria-label={title}>
      <header className="toolbar">
        <a href="#/collections" className="btn ghost" aria-label="All collections">
          <ArrowLeft size={16} aria-hidden="true" />
        </a>
        <h1 data-testid="collection-title">{title}</h1>
        <span className="badge" data-testid="collection-count">
          {list.length.toLocaleString()}
        </span>
        {subtitle && <small className="muted">{subtitle}</small>}
        {f && !(f instanceof Error) && (
          <small className="muted" data-testid="collection-filter">
            {summarize(f)}
          </small>
        )}
        <span className="spacer" />
        <button type="button" disabled={list.length === 0} onClick={() => slideshow(orderedKeys, title)}>
          <Play size={15} aria-hidden="true" /> Slideshow
        </button>
        {row && (
          <button
            type="button"
            onClick={async () => {
              const t = await ui.prompt({
                title: 'Rename collection',
                label: 'Name',
                initial: row.title,
                confirmLabel: 'Rename',
              });
              if (t !== null) await rename(db, clock, row.id, t);
            }}
          >
            Rename
          </button>
        )}
        {row?.kind === 'static' && (
          <button type="button" aria-pressed={arranging} onClick={() => setArranging(!arranging)}>
            {arranging ? 'Done arranging' : 'Arrange'}
          </button>
        )}
        {row && (
          <button
            type="button"
            className="danger ghost"
            onClick={async () => {
              const yes = await ui.confirm({
                title: `Delete “${row.title}”?`,
                body: 'The photos stay in your library and in your clouds; only this collection goes.',
                confirmLabel: 'Delete',
                danger: true,
              });
              if (!yes) return;
              await db.collections.delete(row.id);
              location.hash = '#/collections';
              ui.toast({ text: `Deleted “${row.title}”`, undo: () => db.collections.put(row).then(() => undefined) });
            }}
          >
            Delete
          </button>
        )}
        {row && (
          <button
            type="button"
            className={sharing ? '' : 'primary'}
            aria-expanded={sharing}
            onClick={() => setSharing(!sharing)}
          >
            <Share2 size={15} aria-hidden="true" /> {sharing ? 'Close sharing' : 'Share'}
          </button>
        )}
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {row && sharing && (
        <aside className="share-drawer" aria-label="Share this collection">
          <SharePanel collectionId={row.id} title={row.title} />
        </aside>
      )}
      {items !== null && list.length === 0 && (
        <EmptyState icon={<Images size={44} />} title="This collection is empty">
          Select photos in the Timeline and add them with “Add to collection”.
        </EmptyState>
      )}
      {arranging && row ? (
        <Arrange row={row} items={list} />
      ) : (
        <>
          <SelectionBar orderedKeys={orderedKeys} />
          <JustifiedGrid
            items={list}
            selection={selection}
            onSelection={setSelection}
            onOpen={(i) => lightbox(orderedKeys, i)}
            label={title}
          />
        </>
      )}
      {row?.kind === 'static' && row.coverKey && byKey.get(row.coverKey) && (
        <div className="cover-preview" data-testid="cover" data-key={row.coverKey}>
          Cover: {byKey.get(row.coverKey)!.name}
        </div>
      )}
    </section>
  );
}
