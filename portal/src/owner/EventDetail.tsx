import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { ApprovalResult, ApprovalState, QueueEntry } from '@hypomos/shared/api/events';
import type { StatsResponse } from '@hypomos/shared/api/shares';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { ChangedSinceApproval } from './ChangedSinceApproval';
import { StatsView } from './StatsView';
import { useLoad, when } from './useLoad';

const STATES: ApprovalState[] = ['pending', 'approved', 'rejected', 'withdrawn'];

/** One event's approval queue: approve or reject singly or in bulk (one result per item), plus its statistics. */
export function EventDetail({ id }: { id: string }) {
  const event = useLoad(() => ok(client.api.events[':id'].$get({ param: { id } })), id);
  const [state, setState] = useState<ApprovalState>('pending');
  const queue = useLoad(
    async () =>
      (await ok(client.api.events[':id'].queue.$get({ param: { id }, query: { state, limit: '500' } }))).entries,
    `${id}:${state}`,
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ApprovalResult[] | null>(null);
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const decide = async (itemIds: string[], decision: 'approve' | 'reject') => {
    setError(null);
    try {
      const json = { decisions: itemIds.map((itemId) => ({ itemId, decision })) };
      setResults((await ok(client.api.events[':id'].decisions.$post({ param: { id }, json }))).results);
      setSelected(new Set());
      await queue.reload();
    } catch (err) {
      setError(messageOf(err));
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
      setError(messageOf(err));
    }
  };
  const entries: QueueEntry[] = queue.data ?? [];
  return (
    <section>
      <h2>{event.data?.title ?? 'Event'}</h2>
      {event.data && (
        <p className="muted">
          {when(event.data.startsAt)} – {when(event.data.endsAt)} · {event.data.status} · expires{' '}
          {when(event.data.expiresAt)}
        </p>
      )}
      {(event.error || queue.error || error) && (
        <p className="error" role="alert">
          {event.error ?? queue.error ?? error}
        </p>
      )}
      <div className="tabs" role="tablist">
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
            {s}
          </button>
        ))}
      </div>
      {state === 'pending' && entries.length > 0 && (
        <div className="row">
          <button
            type="button"
            onClick={() =>
              setSelected(selected.size === entries.length ? new Set() : new Set(entries.map((e) => e.itemId)))
            }
          >
            {selected.size === entries.length ? 'Select none' : 'Select all'}
          </button>
          <button type="button" disabled={!selected.size} onClick={() => decide([...selected], 'approve')}>
            Approve selected ({selected.size})
          </button>
          <button type="button" disabled={!selected.size} onClick={() => decide([...selected], 'reject')}>
            Reject selected ({selected.size})
          </button>
        </div>
      )}
      {queue.data && entries.length === 0 && <p className="muted">No {state} items.</p>}
      <ul className="queue" data-testid="queue">
        {entries.map((e) => (
          <li key={e.itemId} data-item-id={e.itemId} data-changed={e.changedSinceApproval || undefined}>
            {state === 'pending' && (
              <input
                type="checkbox"
                checked={selected.has(e.itemId)}
                onChange={() => toggle(e.itemId)}
                aria-label="Select"
              />
            )}
            {e.changedSinceApproval ? (
              <ChangedSinceApproval entry={e} />
            ) : e.thumbnailUrl || e.mediaType === 'image' ? (
              <img src={e.thumbnailUrl ?? e.originalUrl} alt="" loading="lazy" />
            ) : (
              <span className="tile-badge">▶ video</span>
            )}
            <span className="grow">
              {e.contributorName} · {e.capturedAt ? formatCaptureTime(Date.parse(e.capturedAt)) : '—'}
              {e.placeLabel && ` · ${e.placeLabel}`}
            </span>
            {state === 'pending' && (
              <>
                <button type="button" onClick={() => decide([e.itemId], 'approve')}>
                  Approve
                </button>
                <button type="button" onClick={() => decide([e.itemId], 'reject')}>
                  Reject
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {results && (
        <ul className="results" data-testid="decision-results">
          {results.map((r) => (
            <li key={r.itemId} data-status={r.status}>
              <code>{r.itemId}</code>: {r.status === 'applied' ? `now ${r.state}` : `refused (${r.reason})`}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={loadStats}>
        Statistics
      </button>
      {stats && <StatsView stats={stats} />}
    </section>
  );
}
