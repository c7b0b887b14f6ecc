import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { ConsentDialog } from './ConsentDialog';
import { optIn, optOut } from './consent';
import { useLiveValue, useVisionProgress } from './hooks';
import { retryFailed, setPaused } from './queue';

/**
 * The dashboard's vision card: per-source opt-in behind the consent screen, progress of the queue, pause/resume.
 * It only writes the choices to Dexie and reads progress from it; whoever drains the queue (the background's runner
 * document, or useVisionRunner on a page with its own database) reads them from there. `onWork` is called after a
 * change that may create work (consent, resume, retry) so that runner starts without waiting for its alarm.
 */
export function VisionPanel({ db, onWork }: { db: HypomosDb; onWork?: () => void }) {
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
          <button
            type="button"
            onClick={() => void setPaused(db, !progress.paused).then(() => progress.paused && onWork?.())}
            data-testid="vision-pause"
          >
            {progress.paused ? 'Resume' : 'Pause'}
          </button>
          {progress.failed > 0 && (
            <button type="button" onClick={() => void retryFailed(db).then(() => onWork?.())}>
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
            void optIn(db, asking.id).then(() => onWork?.());
            setAsking(null);
          }}
        />
      )}
    </section>
  );
}
