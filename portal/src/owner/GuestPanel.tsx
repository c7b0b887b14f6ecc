import type { EventGuest, GuestStanding } from '@hypomos/shared/api/events';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { type ToastOptions, useUi } from '../ui/ui-context';
import { decisionToast } from './undo-decisions';
import { when } from './useLoad';

const plural = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;
const initial = (name: string) => name.trim().charAt(0).toUpperCase() || '?';
const SORTS = { pending: 'Most waiting', name: 'Name' } as const;
type Sort = keyof typeof SORTS;

interface ListProps {
  guests: EventGuest[];
  selected: string | null;
  onSelect: (contributorId: string | null) => void;
}

/** The event's guests with their counts: choosing one filters the queue to their photos. */
export function GuestList({ guests, selected, onSelect }: ListProps) {
  const [sort, setSort] = useState<Sort>('pending');
  const sorted = sort === 'name' ? [...guests].sort((a, b) => a.name.localeCompare(b.name)) : guests; // the server sorts by pending
  const waiting = guests.reduce((n, g) => n + g.pending, 0);
  return (
    <nav className="card guest-list" aria-label="Guests">
      <div className="guest-list-head">
        <h2 className="card-title">Guests</h2>
        <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort guests by">
          {Object.entries(SORTS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <ul>
        <li>
          <button type="button" aria-pressed={selected === null} onClick={() => onSelect(null)}>
            <span className="avatar all" aria-hidden="true">
              ★
            </span>
            <span className="guest-text">
              <span className="guest-name">Everyone</span>
              <span className="guest-counts">{waiting ? `${plural(waiting)} waiting` : 'Nothing waiting'}</span>
            </span>
          </button>
        </li>
        {sorted.map((g) => (
          <li key={g.contributorId} data-guest={g.name} data-standing={g.standing ?? undefined}>
            <button type="button" aria-pressed={selected === g.contributorId} onClick={() => onSelect(g.contributorId)}>
              <span className="avatar" aria-hidden="true">
                {initial(g.name)}
              </span>
              <span className="guest-text">
                <span className="guest-name">
                  <span>{g.name}</span>
                  {g.standing && <StandingPill standing={g.standing} />}
                </span>
                <span className="guest-counts">
                  {g.approved} approved{g.rejected ? ` · ${g.rejected} rejected` : ''}
                </span>
              </span>
              {g.pending > 0 && (
                <span className="count-badge" title={`${plural(g.pending)} waiting`}>
                  {g.pending}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {guests.length === 0 && <p className="muted guest-none">Guests appear here once they add photos.</p>}
    </nav>
  );
}

function StandingPill({ standing }: { standing: GuestStanding }) {
  return <span className={`pill ${standing === 'trusted' ? 'ok' : 'bad'}`}>{standing}</span>;
}

interface ActionsProps {
  eventId: string;
  guest: EventGuest;
  /** Called after any change, so the counts and the queue are read again. */
  onChanged: () => Promise<void>;
}

/** One guest's actions: decide everything they have waiting, trust them, or block them. */
export function GuestActions({ eventId, guest, onChanged }: ActionsProps) {
  const ui = useUi();
  const [busy, setBusy] = useState(false);
  const param = { id: eventId, contributorId: guest.contributorId };
  const run = async (work: () => Promise<string | ToastOptions>) => {
    setBusy(true);
    try {
      const said = await work();
      ui.toast(typeof said === 'string' ? { text: said } : said);
      await onChanged();
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const decideAll = async (decision: 'approve' | 'reject') => {
    if (decision === 'reject') {
      const yes = await ui.confirm({
        title: `Reject all ${plural(guest.pending)} from ${guest.name}?`,
        body: 'Nobody will see them. You can undo it from the message that follows.',
        confirmLabel: 'Reject all',
        danger: true,
      });
      if (!yes) return;
    }
    await run(async () => {
      const json = { decision };
      const { results } = await ok(client.api.events[':id'].guests[':contributorId'].decisions.$post({ param, json }));
      const n = results.filter((r) => r.status === 'applied').length;
      const text = `${plural(n)} from ${guest.name} ${decision === 'approve' ? 'approved' : 'rejected'}.`;
      return decisionToast(eventId, text, results, async (done) => {
        ui.toast(done);
        await onChanged();
      });
    });
  };
  const setStanding = async (standing: GuestStanding | 'none') => {
    if (standing === 'blocked') {
      const yes = await ui.confirm({
        title: `Block ${guest.name}?`,
        body: `${guest.pending ? `Their ${plural(guest.pending)} waiting will be rejected, and they` : 'They'} cannot add photos to this event any more. Photos you already approved stay.`,
        confirmLabel: 'Block',
        danger: true,
      });
      if (!yes) return;
    }
    if (standing === 'trusted') {
      const yes = await ui.confirm({
        title: `Trust ${guest.name}?`,
        body: `Photos they add from now on, and changes to their photos, appear at once without your review. ${guest.pending ? `Their ${plural(guest.pending)} already waiting stay in your queue. ` : ''}You can stop trusting them at any time.`,
        confirmLabel: 'Trust',
      });
      if (!yes) return;
    }
    await run(async () => {
      const json = { standing };
      await ok(client.api.events[':id'].guests[':contributorId'].standing.$put({ param, json }));
      if (standing === 'trusted') return `${guest.name} is trusted: new photos skip the queue.`;
      if (standing === 'blocked') return `${guest.name} is blocked.`;
      return guest.standing === 'blocked'
        ? `${guest.name} may add photos again.`
        : `${guest.name} is no longer trusted.`;
    });
  };
  return (
    <section className="card guest-actions" aria-label={`${guest.name}'s photos`} data-testid="guest-actions">
      <div className="guest-actions-head">
        <span className="avatar large" aria-hidden="true">
          {initial(guest.name)}
        </span>
        <div className="guest-text">
          <h2 className="card-title">{guest.name}</h2>
          <p className="muted">
            {guest.pending} waiting · {guest.approved} approved · {guest.rejected} rejected
            {guest.withdrawn ? ` · ${guest.withdrawn} taken back` : ''}
          </p>
          {guest.standing && (
            <p className="standing-note" data-testid="standing-note">
              <StandingPill standing={guest.standing} />{' '}
              {guest.standing === 'trusted' ? 'Their photos skip your review' : 'Cannot add photos to this event'} · set
              by {guest.standingSetBy}, {when(guest.standingSetAt)}
            </p>
          )}
        </div>
      </div>
      <div className="guest-buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || !guest.pending}
          onClick={() => decideAll('approve')}
        >
          Approve all {guest.pending || ''}
        </button>
        <button type="button" className="danger" disabled={busy || !guest.pending} onClick={() => decideAll('reject')}>
          Reject all {guest.pending || ''}
        </button>
        <span className="grow" />
        {guest.standing === 'trusted' ? (
          <button type="button" disabled={busy} onClick={() => setStanding('none')}>
            Stop trusting
          </button>
        ) : (
          guest.standing !== 'blocked' && (
            <button type="button" disabled={busy} onClick={() => setStanding('trusted')}>
              Trust
            </button>
          )
        )}
        {guest.standing === 'blocked' ? (
          <button type="button" disabled={busy} onClick={() => setStanding('none')}>
            Unblock
          </button>
        ) : (
          <button type="button" className="danger" disabled={busy} onClick={() => setStanding('blocked')}>
            Block
          </button>
        )}
      </div>
    </section>
  );
}
