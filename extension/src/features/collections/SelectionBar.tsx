import { useState } from 'react';
import { addToStatic, createStatic } from './collections';
import { emptySelection, ProgressBar, useLibraryContext, useLive } from '../library';
import { addTags, removeTags } from '../tags';
import { useUi } from '../../ui';

/** Actions on the current selection: tags, collections, slideshow. */
export function SelectionBar({ orderedKeys }: { orderedKeys: string[] }) {
  const { db, store, clock, selection, setSelection, slideshow } = useLibraryContext();
  const ui = useUi();
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState<{ label: string; done: number; total: number } | null>(null);
  const [note, setNote] = useState('');
  const statics = useLive(() => db.collections.where('kind').equals('static').toArray(), [db], []);
  const count = selection.selected.size;
  if (count === 0) return null;
  const keys = orderedKeys.filter((k) => selection.selected.has(k));

  const run = async (label: string, job: (p: (d: number, t: number) => void) => Promise<void>, done: string) => {
    setBusy({ label, done: 0, total: keys.length });
    try {
      await job((d, t) => setBusy({ label, done: d, total: t }));
      await store.refresh(keys);
      setNote(done);
    } catch (e) {
      setNote(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const tags = tag
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

  return (
    <div className="selection-bar" data-testid="selection-bar">
      <strong data-testid="selection-count">{count.toLocaleString()} selected</strong>
      <input aria-label="Tag" placeholder="tag, another tag" value={tag} onChange={(e) => setTag(e.target.value)} />
      <button
        type="button"
        disabled={tags.length === 0 || busy !== null}
        onClick={() => run('Tagging', (p) => addTags(db, keys, tags, p), `Tagged ${count} with ${tags.join(', ')}`)}
      >
        Add tag
      </button>
      <button
        type="button"
        disabled={tags.length === 0 || busy !== null}
        onClick={() =>
          run('Untagging', (p) => removeTags(db, keys, tags, p), `Removed ${tags.join(', ')} from ${count}`)
        }
      >
        Remove tag
      </button>
      <button
        type="button"
        onClick={async () => {
          const title = await ui.prompt({
            title: `New collection of ${count}`,
            label: 'Name',
            initial: 'New collection',
            confirmLabel: 'Create',
          });
          if (title === null) return;
          const row = await createStatic(db, clock, title, keys);
          setNote(`Created “${row.title}”`);
        }}
      >
        New collection
      </button>
      {statics.length > 0 && (
        <select
          aria-label="Add to collection"
          value=""
          onChange={async (e) => {
            const id = e.target.value;
            if (!id) return;
            await addToStatic(db, clock, id, keys);
            setNote(`Added ${count} to “${statics.find((s) => s.id === id)?.title ?? ''}”`);
          }}
        >
          <option value="">Add to collection…</option>
          {statics.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={() => slideshow(keys, `${count} selected`)}>
        Slideshow
      </button>
      <button type="button" onClick={() => setSelection(emptySelection())}>
        Clear
      </button>
      {busy && <ProgressBar {...busy} />}
      {note && (
        <span className="note" role="status" data-testid="selection-note">
          {note}
        </span>
      )}
    </div>
  );
}
