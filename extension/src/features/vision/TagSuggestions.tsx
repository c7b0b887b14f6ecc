import type { HypomosDb } from '../../db';
import { useLive } from '../library';
import { answerSuggestion, retrainTagModels, suggestionState } from './suggestions';

/** Suggested tags learned from the user's own tagging; each can be accepted or rejected. */
export function TagSuggestions({ db, limit = 50 }: { db: HypomosDb; limit?: number }) {
  const state = useLive(() => suggestionState(db), [db], null);
  const names = useLive(
    async () =>
      new Map(
        (await db.items.bulkGet((state?.suggestions ?? []).slice(0, limit).map((s) => s.key as never))).flatMap((i) =>
          i ? [[i.key as string, i.name]] : [],
        ),
      ),
    [db, state],
    new Map<string, string>(),
  );
  return (
    <section className="card tag-suggestions" aria-label="Suggested tags" data-testid="tag-suggestions">
      <h2>Suggested tags</h2>
      {!state && (
        <p>Tag a few photos (five or more per tag) and Hypomos will suggest the same tags for similar ones.</p>
      )}
      {state && (
        <p className="muted">
          Learned {state.models.filter((m) => m.f1 >= 0.6).length} of {state.models.length} tags (
          {state.models.map((m) => `${m.tag}: ${m.kind} F1 ${m.f1.toFixed(2)}`).join(', ') || 'none yet'}).{' '}
          <button type="button" onClick={() => void retrainTagModels(db)}>
            Retrain now
          </button>
        </p>
      )}
      <ul>
        {(state?.suggestions ?? []).slice(0, limit).map((s) => (
          <li key={`${s.key}|${s.tag}`} data-testid="tag-suggestion">
            <span>{names.get(s.key) ?? s.key}</span> → <strong>{s.tag}</strong>{' '}
            <span className="muted">({Math.round(s.score * 100)}%)</span>{' '}
            <button type="button" onClick={() => void answerSuggestion(db, s.key, s.tag, true)}>
              Add tag
            </button>{' '}
            <button type="button" onClick={() => void answerSuggestion(db, s.key, s.tag, false)}>
              Not this
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
