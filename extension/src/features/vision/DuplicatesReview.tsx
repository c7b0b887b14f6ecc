import type { DuplicateGroup } from '@hypomos/shared/vision/dedupe';
import { useEffect, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources/thumbnails';
import { useLive } from '../timeline/use-live';
import { findDuplicates, keepOne } from './dupes';

function Thumb({ itemKey, thumbnails }: { itemKey: string; thumbnails: ThumbnailSource }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    thumbnails(itemKey)
      .then((b) => {
        made = URL.createObjectURL(b);
        setUrl(made);
      })
      .catch(() => setUrl(null));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [itemKey, thumbnails]);
  return url ? <img src={url} alt="" width={160} /> : <div className="thumb-missing" />;
}

/** Review of duplicate groups: keep one, the rest are marked unwanted (never deleted at the source). */
export function DuplicatesReview({ db, thumbnails }: { db: HypomosDb; thumbnails: ThumbnailSource }) {
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [names, setNames] = useState(new Map<string, { name: string; folder: string; sourceId: string }>());
  const refresh = async () => {
    const found = await findDuplicates(db);
    const items = await db.items.bulkGet(found.flatMap((g) => g.keys) as never[]);
    setNames(new Map(items.flatMap((i) => (i ? [[i.key as string, { name: i.name, folder: i.folder, sourceId: i.sourceId }]] : []))));
    setGroups(found);
  };
  // Look again whenever more items have been analysed.
  const analysed = useLive(() => db.visionFeatures.count(), [db], 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh reads only db
  useEffect(() => {
    void refresh();
  }, [db, analysed]);
  if (!groups) return <p>Looking for duplicates…</p>;
  return (
    <section className="card duplicates" aria-label="Duplicates" data-testid="duplicates-review">
      <h2>Duplicates</h2>
      {groups.length === 0 && <p>No duplicates found among analysed photos.</p>}
      {groups.map((g) => (
        <div key={`${g.kind}:${g.keys.join('|')}`} className="dup-group" data-testid="dup-group">
          <h3>{g.kind === 'exact' ? 'Identical files' : 'Look the same'}</h3>
          <ul className="dup-members">
            {g.keys.map((k) => (
              <li key={k}>
                <Thumb itemKey={k} thumbnails={thumbnails} />
                <div>
                  {names.get(k)?.name} <span className="muted">{[names.get(k)?.sourceId, names.get(k)?.folder].filter(Boolean).join(' / ')}</span>
                </div>
                <button
                  type="button"
                  onClick={async () => {
                    await keepOne(db, k, g.keys);
                    await refresh();
                  }}
                >
                  Keep this one
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
