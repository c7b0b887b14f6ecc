import type { ApprovalResult, ApprovalState, QueueEntry } from '@hypomos/shared/api/events';
import type { ItemPreview } from '@hypomos/shared/api/preview';
import type { StatsResponse } from '@hypomos/shared/api/shares';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { Link } from '../router';
import { EmptyState } from '../ui/EmptyState';
import { ItemThumb, itemTitle } from '../ui/ItemThumb';
import { useUi } from '../ui/ui-context';
import { ChangedSinceApproval } from './ChangedSinceApproval';
import { CommentsPanel } from './feedback/CommentsPanel';
import { GuestActions, GuestList } from './GuestPanel';
import { StatsView } from './StatsView';
import { decisionToast } from './undo-decisions';
import { WallControls } from './WallControls';
import { useLoad, when } from './useLoad';

const STATES: ApprovalState[] = ['pending', 'approved', 'rejected', 'withdrawn'];
const LABEL: Record<ApprovalState, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
const EMPTY: Record<ApprovalState, string> = {
  pending: 'Nothing waits for you. New photos from guests appear here until you approve or reject them.',
  approved: 'No photo approved yet. Approved photos are the only ones guests see.',
  rejected: 'No photo rejected.',
  withdrawn: 'No contributor has taken photos back.',
};
const TONE = { approved: 'ok', rejected: 'bad', pending: 'busy', withdrawn: '' } as const;
const plural = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;

/**
 * One event's approval queue: approve or reject singly or in bulk (one result per item), per guest (filter, decide
 * all, trust, block), the live wall's remote, and its statistics.
 */
export function EventDetail({ id }: { id: string }) {
  const ui = useUi();
  const event = useLoad(() => ok(client.api.events[':id'].$get({ param: { id } })), id);
  const guests = useLoad(async () => (await ok(client.api.events[':id'].guests.$get({ param: { id } }))).guests, id);
  const [state, setState] = useState<ApprovalState>('pending');
  const [guestId, setGuestId] = useState<string | null>(null);
  const [byGuest, setByGuest] = useState(false);
  const queue = useLoad(async () => {
    const query = { state, limit: '500', ...(guestId ? { contributorId: guestId } : {}) };
    return (await ok(client.api.events[':id'].queue.$get({ param: { id }, query }))).entries;
  }, `${id}:${state}:${guestId}`);
  const guest = guests.data?.find((g) => g.contributorId === guestId) ?? null;
  const refresh = async () => {
    await Promise.all([queue.reload(), guests.reload()]);
  };
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<{ result: ApprovalResult; preview: ItemPreview | null }[] | null>(null);
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const loaded: QueueEntry[] = queue.data ?? [];
  // Sorted by guest, each guest's photos stay in capture order (the server's order).
  const entries = byGuest ? [...loaded].sort((a, b) => a.contributorName.localeCompare(b.contributorName)) : loaded;

  const decide = async (itemIds: string[], decision: 'approve' | 'reject') => {
    if (decision === 'reject') {
      const yes = await ui.confirm({
        title: `Reject ${plural(itemIds.length)}?`,
        body: 'Guests will not see them, and the contributor is told. You can undo it from the message that follows.',
        confirmLabel: 'Reject',
        danger: true,
      });
      if (!yes) return;
    }
    try {
      const json = { decisions: itemIds.map((itemId) => ({ itemId, decision })) };
      const answered = (await ok(client.api.events[':id'].decisions.$post({ param: { id }, json }))).results;
      const previews = new Map<string, ItemPreview>(entries.map((e) => [e.itemId, e.preview]));
      setResults(answered.map((result) => ({ result, preview: previews.get(result.itemId) ?? null })));
      const applied = answered.filter((r) => r.status === 'applied').length;
      const text = `${plural(applied)} ${decision === 'approve' ? 'approved' : 'rejected'}.`;
      ui.toast(
        decisionToast(id, text, answered, async (done) => {
          ui.toast(done);
          await refresh();
        }),
      );
      setSelected(new Set());
      await refresh();
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  const toggle = (itemId: string) => {
    const next = new Set(selected);
    if (!next.delete(itemId)) next.add(itemId);
    setSelected(next);
  };
  const loadStats = async () => {
    try {
      setStats(await ok(client.api.events[':id'].stats.$get({ param: { id } })));
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  const e = event.data;
  return (
    <>
      <p className="small">
        <Link href="/app/events">← All events</Link>
      </p>
      <header className="page-head">
        <div>
          <h1>{e?.title ?? 'Event'}</h1>
          {e && (
            <p>
              <span className={`pill ${e.status === 'active' ? 'ok' : 'warn'}`}>{e.status}</span> {when(e.startsAt)} –{' '}
              {when(e.endsAt)} · expires {when(e.expiresAt)}
            </p>
          )}
        </div>
        <button type="button" aria-expanded={stats !== null} onClick={loadStats}>
          Statistics
        </button>
      </header>
      {(event.error || queue.error) && (
        <p className="alert" role="alert">
          {event.error ?? queue.error}
        </p>
      )}
      {stats && (
        <div className="section-gap">
          <StatsView stats={stats} />
        </div>
      )}
      {e && <WallControls event={e} onChanged={() => event.reload()} />}
      {e && (
        <section className="card section-gap comments-card" aria-labelledby="event-comments-h">
          <h2 className="card-title" id="event-comments-h">
            Comments and reactions
          </h2>
          <CommentsPanel scope={{ kind: 'event', id: e.id }} />
        </section>
      )}
      <div className="moderation">
        <GuestList
          guests={guests.data ?? []}
          selected={guestId}
          onSelect={(next) => {
            setGuestId(next);
            setSelected(new Set());
          }}
        />
        <div className="moderation-main">
          {guest && <GuestActions eventId={id} guest={guest} onChanged={refresh} />}
          <div className="queue-head">
            <div className="tabs" role="tablist" aria-label="Photos by decision">
              {STATES.map((s) => (
                <button
                  key={s}
                  type="button"
                  role="tab"
                  aria-selected={s === state}
                  onClick={() => {
                    setState(s);
                    setSelected(new Set());
                  }}
                >
                  {LABEL[s]}
                </button>
              ))}
            </div>
            <select
              value={byGuest ? 'guest' : 'time'}
              onChange={(ev) => setByGuest(ev.target.value === 'guest')}
              aria-label="Sort photos by"
            >
              <option value="time">By capture time</option>
              <option value="guest">By guest</option>
            </select>
          </div>
          {results && (
            <ul className="results" data-testid="decision-results" aria-label="Last decision">
              {results.map(({ result: r, preview }) => (
                <li key={r.itemId} data-item-id={r.itemId} data-status={r.status} data-state={r.state ?? undefined}>
                  {preview && <ItemThumb preview={preview} size={28} />}
                  {preview ? itemTitle(preview) : 'Unknown item'}
                  {r.status === 'applied' ? (
                    <span className={`pill ${TONE[r.state!]}`}>now {r.state}</span>
                  ) : (
                    <span className="pill bad">refused: {r.reason?.replace('_', ' ')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {state === 'pending' && entries.length > 0 && (
            <div className="bulk-bar">
              <button
                type="button"
                onClick={() =>
                  setSelected(selected.size === entries.length ? new Set() : new Set(entries.map((x) => x.itemId)))
                }
              >
                {selected.size === entries.length ? 'Select none' : 'Select all'}
              </button>
              <span className="grow" />
              <button
                type="button"
                className="primary"
                disabled={!selected.size}
                onClick={() => decide([...selected], 'approve')}
              >
                Approve selected ({selected.size})
              </button>
              <button
                type="button"
                className="danger"
                disabled={!selected.size}
                onClick={() => decide([...selected], 'reject')}
              >
                Reject selected ({selected.size})
              </button>
            </div>
          )}
          {queue.data && entries.length === 0 && (
            <div className="card">
              <EmptyState icon={state === 'pending' ? '✓' : '▦'} title={`No ${state} photos`} testId="queue-empty">
                {EMPTY[state]}
              </EmptyState>
            </div>
          )}
          <ul className="queue" data-testid="queue">
            {entries.map((x) => (
              <li
                key={x.itemId}
                data-item-id={x.itemId}
                data-changed={x.changedSinceApproval || undefined}
                data-selected={selected.has(x.itemId) || undefined}
              >
                {state === 'pending' && (
                  <label className="select">
                    <input
                      type="checkbox"
                      checked={selected.has(x.itemId)}
                      onChange={() => toggle(x.itemId)}
                      aria-label={`Select ${itemTitle(x.preview)}`}
                    />
                  </label>
                )}
                {x.changedSinceApproval ? (
                  <ChangedSinceApproval entry={x} />
                ) : (
                  <ItemThumb preview={x.preview} size={null} />
                )}
                <div className="queue-body">
                  <span className="item-title">{itemTitle(x.preview)}</span>
                  <span className="item-detail">
                    from {x.contributorName}
                    {x.autoApproved && (
                      <span className="pill ok" title="Approved because you trust this guest">
                        trusted
                      </span>
                    )}
                  </span>
                  {state === 'approved' && x.autoApproved && (
                    <span className="row-actions">
                      <button type="button" className="danger" onClick={() => decide([x.itemId], 'reject')}>
                        Reject
                      </button>
                    </span>
                  )}
                  {state === 'pending' && (
                    <span className="row-actions">
                      <button type="button" className="primary" onClick={() => decide([x.itemId], 'approve')}>
                        Approve
                      </button>
                      <button type="button" className="danger" onClick={() => decide([x.itemId], 'reject')}>
                        Reject
                      </button>
                    </span>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}
