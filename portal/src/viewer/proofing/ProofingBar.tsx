import type { PublicProofing } from '@hypomos/shared/api/proofing';
import './proofing.css';
import { pickCountLabel } from '@hypomos/shared/proofing/selection';
import { type FormEvent, useState } from 'react';
import type { SelectionState } from './useSelection';

const longDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });

/**
 * The client's proofing strip above a gallery: name yourself to start, then the count against the limit, the
 * deadline, and a switch to see only your favourites. Hearts on the tiles do the choosing.
 */
export function ProofingBar({
  proofing,
  state,
  onlyPicked,
  setOnlyPicked,
}: {
  proofing: PublicProofing;
  state: SelectionState;
  onlyPicked: boolean;
  setOnlyPicked: (on: boolean) => void;
}) {
  const { selection } = state;
  const rule = [
    proofing.limit === null ? 'as many photos as you like' : `up to ${proofing.limit} photos`,
    proofing.deadline ? `until ${longDate(proofing.deadline)}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  if (state.loading) return <section className="proofing-bar" aria-busy="true" />;
  return (
    <section className="proofing-bar" aria-label="Your favourites" data-testid="proofing-bar">
      {selection ? (
        <>
          <p className="proofing-count">
            <span className="proofing-heart" aria-hidden="true">
              ♥
            </span>
            <strong data-testid="pick-count">{pickCountLabel(selection.picks.length, selection.limit)}</strong>
            <span className="muted">
              {' '}
              · {selection.name} ·{' '}
              {selection.locked
                ? 'The deadline has passed: your selection is locked and with the photographer.'
                : `${rule}. Tap the heart on a photo to choose it; the photographer sees your choice as you go.`}
            </span>
          </p>
          <label className="check">
            <input type="checkbox" checked={onlyPicked} onChange={(e) => setOnlyPicked(e.target.checked)} />
            Show only my favourites
          </label>
        </>
      ) : (
        <StartForm
          rule={rule}
          locked={proofing.deadline !== null && Date.parse(proofing.deadline) <= Date.now()}
          start={state.start}
        />
      )}
      {state.error && (
        <p className="error" role="alert" data-testid="proofing-error">
          {state.error}
        </p>
      )}
    </section>
  );
}

function StartForm({ rule, locked, start }: { rule: string; locked: boolean; start: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  if (locked) return <p className="muted">The photographer’s deadline for choosing favourites has passed.</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await start(name);
    setBusy(false);
  };
  return (
    <form className="proofing-start" onSubmit={submit}>
      <p>
        <strong>Choose your favourites.</strong>{' '}
        <span className="muted">The photographer asks you to pick {rule}.</span>
      </p>
      <label>
        Your name{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          autoComplete="name"
          required
          data-testid="proofing-name"
        />
      </label>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Start choosing
      </button>
    </form>
  );
}
