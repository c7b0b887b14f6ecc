import { useEffect, useState } from 'react';
import { useLibraryContext, useLive } from '../library';
import { validTileUrl } from './base-layer';
import { TILE_URL_KEY } from './MapPage';

/** The map's tile server; empty keeps the offline base map. */
export function MapSettings() {
  const { db } = useLibraryContext();
  const stored = useLive(async () => (await db.kv.get(TILE_URL_KEY))?.value, [db], undefined);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  useEffect(() => setDraft(typeof stored === 'string' ? stored : ''), [stored]);
  return (
    <section>
      <h2>Map tiles</h2>
      <label>
        Tile URL template (e.g. https://tile.openstreetmap.org/{'{z}/{x}/{y}'}.png); leave empty for the offline map
        <input aria-label="Tile URL" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={async () => {
          const url = draft.trim();
          if (url === '') {
            await db.kv.delete(TILE_URL_KEY);
            setError('');
          } else if (!validTileUrl(url)) setError('The URL must be http(s) and contain {z}, {x} and {y}.');
          else {
            await db.kv.put({ key: TILE_URL_KEY, value: url });
            setError('');
          }
        }}
      >
        Save
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
