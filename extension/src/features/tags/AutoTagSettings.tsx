import { useState } from 'react';
import type { SourceRow } from '../../db/rows';
import { ProgressBar, useLibraryContext, useLive } from '../library';
import { DEFAULT_IGNORED_FOLDER_NAMES } from './folder-tags';
import { applyFolderTags } from './tags';

function SourceAutoTags({ source }: { source: SourceRow }) {
  const { db, store } = useLibraryContext();
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [note, setNote] = useState('');
  const ignored = source.ignoredFolderNames.length > 0 ? source.ignoredFolderNames : DEFAULT_IGNORED_FOLDER_NAMES;
  const [draft, setDraft] = useState(ignored.join(', '));
  return (
    <fieldset data-testid="autotag-source" data-source={source.id}>
      <legend>{source.name}</legend>
      <label>
        <input
          type="checkbox"
          checked={source.autoTagFolders}
          onChange={(e) => db.sources.update(source.id, { autoTagFolders: e.target.checked })}
        />{' '}
        Tag items with their folder names
      </label>
      <label>
        Ignore these folder names
        <input aria-label="Ignored folder names" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          db.sources.update(source.id, {
            ignoredFolderNames: draft
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          })
        }
      >
        Save list
      </button>
      <button
        type="button"
        disabled={!source.autoTagFolders || busy !== null}
        onClick={async () => {
          setBusy({ done: 0, total: 1 });
          const fresh = (await db.sources.get(source.id))!;
          const n = await applyFolderTags(db, fresh, (done, total) => setBusy({ done, total }));
          await store.load();
          setBusy(null);
          setNote(`Tagged ${n.toLocaleString()} items from folder names`);
        }}
      >
        Apply now
      </button>
      {busy && <ProgressBar label="Tagging" {...busy} />}
      {note && <span role="status">{note}</span>}
    </fieldset>
  );
}

/** Per source: automatic tags from folder names, with an editable ignore list. */
export function AutoTagSettings() {
  const { db } = useLibraryContext();
  const sources = useLive(() => db.sources.toArray(), [db], []);
  return (
    <section>
      <h2>Automatic tags from folder names</h2>
      {sources.length === 0 && (
        <p className="empty">
          No sources yet. <a href="#/sources">Connect one</a> first.
        </p>
      )}
      {sources.map((s) => (
        <SourceAutoTags key={s.id} source={s} />
      ))}
    </section>
  );
}
