import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import type { ThumbnailSource } from '../sources/thumbnails';
import { ConsentDialog } from './ConsentDialog';
import { optIn, optOut } from './consent';
import { useLiveValue, useVisionProgress, useVisionRunner } from './hooks';
import { retryFailed, setPaused } from './queue';

/**
 * The dashboard's vision card: per-source opt-in behind the consent screen, progress of the queue, pause/resume.
 * Mounting it runs the pipeline (hooks.ts) while the page is open.
 */
export function VisionPanel({ db, thumbnails }: { db: HypomosDb; thumbnails: ThumbnailSource }) {
  useVisionRunner(db, thumbnails);
  const progress = useVisionProgress(db);
  const sources = useLiveValue(() => db.sources.toArray(), [db], [] as SourceRow[]);
  const [asking, setAsking] = useState<SourceRow | null>(null);
  const done = progress ? progress.done + progress.failed : 0;
  return (
    <section className="card vision-panel" aria-label="On-device vision" data-testid="vision-panel">
      <h2>Faces, objects and text</h2>
      <ul className="vision-sources">
        {sources.map((s) => (
          <li key={s.id}>
            <label>
              <input
                type="checkbox"
                checked={s.visionOptIn}
                onChange={(e) => (e.target.checked ? setAsking(s) : void optOut(db, s.id))}
                data-testid={`vision-optin-${s.id}`}
              />{' '}
              {s.name}
            </label>
          </li>
        ))}
      </ul>
      {progress && progress.total > 0 && (
        <div className="vision-progress" data-testid="vision-progress">
          <progress max={progress.total} value={done} />{' '}
          <span>
            {done.toLocaleString()} of {progress.total.toLocaleString()} analysed
            {progress.failed > 0 && `, ${progress.failed.toLocaleString()} failed`}
            {progress.paused && ' — paused'}
          </span>{' '}
          <button type="button" onClick={() => void setPaused(db, !progress.paused)} data-testid="vision-pause">
            {progress.paused ? 'Resume' : 'Pause'}
          </button>
          {progress.failed > 0 && (
            <button type="button" onClick={() => void retryFailed(db)}>
              Retry failed
            </button>
          )}
        </div>
      )}
      {asking && (
        <ConsentDialog
          sourceName={asking.name}
          onCancel={() => setAsking(null)}
          onAccept={() => {
            void optIn(db, asking.id);
            setAsking(null);
          }}
        />
      )}
    </section>
  );
}
