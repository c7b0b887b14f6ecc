import { useState } from 'react';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { plural, ProgressBar } from '../../ui';
import { ConsentDialog } from './ConsentDialog';
import { optIn, optOut } from './consent';
import { useLiveValue, useVisionProgress } from './hooks';
import { retryFailed, setPaused } from './queue';

/**
 * The dashboard's vision card: per-source opt-in behind the consent screen, progress of the queue, pause/resume, and
 * which photos could not be analysed and why. It only writes the choices to Dexie and reads progress from it; whoever
 * drains the queue (the background's runner document, or useVisionRunner on a page with its own database) reads them
 * from there. `onWork` is called after a change that may create work (consent, resume, retry) so that runner starts
 * without waiting for its alarm.
 */
export function VisionPanel({ db, onWork }: { db: HypomosDb; onWork?: () => void }) {
  const progress = useVisionProgress(db);
  const sources = useLiveValue(() => db.sources.toArray(), [db], [] as SourceRow[]);
  const [asking, setAsking] = useState<SourceRow | null>(null);
  const [showFailed, setShowFailed] = useState(false);
  const done = progress ? progress.done + progress.failed : 0;
  const busy = progress ? progress.queued + progress.running > 0 : false;
  return (
    <section className="panel vision-panel" aria-label="On-device vision" data-testid="vision-panel">
      <div className="vision-head">
        <div>
          <h2>Faces, objects and text</h2>
          <p className="muted small">Analysed on this device for the sources you choose; nothing is sent anywhere.</p>
        </div>
        <ul className="vision-sources">
          {sources.map((s) => (
            <li key={s.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={s.visionOptIn}
                  onChange={(e) => (e.target.checked ? setAsking(s) : void optOut(db, s.id))}
                  data-testid={`vision-optin-${s.id}`}
                />
                {s.name}
              </label>
            </li>
          ))}
        </ul>
      </div>
      {progress && progress.total > 0 && (
        <div className="vision-progress" data-testid="vision-progress">
          <ProgressBar
            testId="vision-progress-bar"
            label={
              <>
                {done.toLocaleString()} of {progress.total.toLocaleString()} analysed
                {progress.failed > 0 && `, ${progress.failed.toLocaleString()} failed`}
                {progress.paused && ' — paused'}
              </>
            }
            done={done}
            total={progress.total}
          />
          <div className="row">
            {(busy || progress.paused) && (
              <button
                type="button"
                onClick={() => void setPaused(db, !progress.paused).then(() => progress.paused && onWork?.())}
                data-testid="vision-pause"
              >
                {progress.paused ? 'Resume' : 'Pause'}
              </button>
            )}
            {progress.failed > 0 && (
              <>
                <button type="button" onClick={() => setShowFailed((v) => !v)} aria-expanded={showFailed}>
                  {showFailed ? 'Hide failures' : `Why ${plural(progress.failed, 'item')} failed`}
                </button>
                <button type="button" onClick={() => void retryFailed(db).then(() => onWork?.())}>
                  Retry failed
                </button>
              </>
            )}
          </div>
          {showFailed && <VisionFailures db={db} />}
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

/** Each failed analysis with the photo's name and the reason the runner recorded. */
function VisionFailures({ db }: { db: HypomosDb }) {
  const rows = useLiveValue(
    async () => {
      const failed = await db.visionQueue.where('state').equals('failed').limit(200).toArray();
      const items = await db.items.bulkGet(failed.map((f) => f.key) as never[]);
      return failed.map((f, i) => ({ key: f.key, name: items[i]?.name ?? f.key, error: f.error ?? 'unknown error' }));
    },
    [db],
    [] as { key: string; name: string; error: string }[],
  );
  return (
    <ul className="failed-list small" data-testid="vision-failures">
      {rows.map((r) => (
        <li key={r.key}>
          <strong>{r.name}</strong>: {r.error}
        </li>
      ))}
    </ul>
  );
}
