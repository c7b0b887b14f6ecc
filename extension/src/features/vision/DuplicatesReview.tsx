import type { DuplicateGroup } from '@hypomos/shared/vision/dedupe';
import { useEffect, useRef, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources';
import { ProgressBar, useLive } from '../library';
import type { DuplicatesProgress } from './dupes';
import { findDuplicatesInWorker, watchDuplicatesProgress } from './dupes-client';
import { keepOne } from './dupes';

/** Groups shown at once: a large library has thousands, and each shows thumbnails. */
const PAGE = 50;

const PHASE_LABEL: Record<DuplicatesProgress['phase'], string> = {
  reading: 'Reading the library',
  indexing: 'Looking for duplicates',
  grouping: 'Grouping duplicates',
};

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

type Names = Map<string, { name: string; folder: string; sourceId: string }>;

/**
 * Review of duplicate groups: keep one, the rest are marked unwanted (never deleted at the source). The search runs
 * in a worker (dupes-client.ts), so the page stays usable and shows its progress while a large library is indexed.
 */
export function DuplicatesReview({ db, thumbnails }: { db: HypomosDb; thumbnails: ThumbnailSource }) {
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [names, setNames] = useState<Names>(new Map());
  const [shown, setShown] = useState(PAGE);
  const [progress, setProgress] = useState<DuplicatesProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    const stop = watchDuplicatesProgress(setProgress);
    return () => {
      mounted.current = false;
      stop();
    };
  }, []);
  const refresh = async () => {
    try {
      const found = await findDuplicatesInWorker(db);
      if (!mounted.current) return;
      setGroups(found);
      setError(null);
    } catch (err) {
      if (mounted.current) setError(err instanceof Error ? err.message : String(err));
    }
  };
  // Look again whenever more items have been analysed (not before the count is known: that would read twice).
  const analysed = useLive(() => db.visionFeatures.count(), [db], null as number | null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh reads only db
  useEffect(() => {
    if (analysed !== null) void refresh();
  }, [db, analysed]);
  // Names only for the groups on screen.
  useEffect(() => {
    let live = true;
    const keys = (groups ?? []).slice(0, shown).flatMap((g) => g.keys);
    void db.items.bulkGet(keys as never[]).then((items) => {
      if (live)
        setNames(
          new Map(
            items.flatMap((i) =>
              i ? [[i.key as string, { name: i.name, folder: i.folder, sourceId: i.sourceId }]] : [],
            ),
          ),
        );
    });
    return () => {
      live = false;
    };
  }, [db, groups, shown]);

  const bar = progress && (
    <ProgressBar label={PHASE_LABEL[progress.phase]} done={progress.done} total={progress.total} />
  );
  if (error) return <p className="error">Could not look for duplicates: {error}</p>;
  if (!groups)
    return (
      <section className="card duplicates" aria-label="Duplicates">
        {bar ?? <p>Looking for duplicates…</p>}
      </section>
    );
  return (
    <section
      className="card duplicates"
      aria-label="Duplicates"
      data-testid="duplicates-review"
      data-groups={groups.length}
    >
      <h2>Duplicates</h2>
      {bar}
      {groups.length === 0 && <p>No duplicates found among analysed photos.</p>}
      {groups.slice(0, shown).map((g) => (
        <div
          key={`${g.kind}:${g.keys.join('|')}`}
          className="dup-group"
          data-testid="dup-group"
          data-kind={g.kind}
          data-keys={g.keys.join(' ')}
        >
          <h3>{g.kind === 'exact' ? 'Identical files' : 'Look the same'}</h3>
          <ul className="dup-members">
            {g.keys.map((k) => (
              <li key={k}>
                <Thumb itemKey={k} thumbnails={thumbnails} />
                <div>
                  {names.get(k)?.name}{' '}
                  <span className="muted">
                    {[names.get(k)?.sourceId, names.get(k)?.folder].filter(Boolean).join(' / ')}
                  </span>
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
      {groups.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({(groups.length - shown).toLocaleString()} groups left)
        </button>
      )}
    </section>
  );
}
