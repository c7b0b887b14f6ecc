import type { EventInfo, QueueEntry } from '@hypomos/shared/api/events';
import { useCallback, useEffect, useState } from 'react';
import { ask } from '../../protocol';

/** Events I organize: the contributions waiting for my decision, approved or rejected one by one or all at once. */
export function EventApprovals() {
  const [events, setEvents] = useState<EventInfo[]>([]);
  const [queues, setQueues] = useState<Record<string, QueueEntry[]>>({});
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const mine = (await ask('sharing.events')).events.filter((e) => e.status === 'active');
      setEvents(mine);
      const next: Record<string, QueueEntry[]> = {};
      for (const e of mine) next[e.id] = (await ask('sharing.eventQueue', { eventId: e.id })).entries;
      setQueues(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => void load(), [load]);
  const decide = async (eventId: string, entries: QueueEntry[], decision: 'approve' | 'reject') => {
    await ask('sharing.decide', { eventId, decisions: entries.map((q) => ({ itemId: q.itemId, decision })) });
    await load();
  };
  if (events.length === 0 && !error) return null;
  return (
    <section className="event-approvals" data-testid="event-approvals" aria-label="Events I organize">
      <h2>Events I organize</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {events.map((e) => {
        const queue = queues[e.id] ?? [];
        // Items changed since approval are decided one by one, after comparing both versions.
        const fresh = queue.filter((q) => !q.changedSinceApproval);
        return (
          <article key={e.id} data-event-id={e.id}>
            <h3>
              {e.title} · {queue.length} waiting
            </h3>
            {fresh.length > 0 && (
              <button type="button" onClick={() => void decide(e.id, fresh, 'approve')}>
                Approve all new ({fresh.length})
              </button>
            )}
            <div className="queue">
              {queue.map((q) => (
                <figure key={q.itemId} data-item-id={q.itemId}>
                  <img src={q.thumbnailUrl ?? q.originalUrl} alt="" loading="lazy" />
                  <figcaption>
                    {q.contributorName}
                    {q.changedSinceApproval && (
                      <strong className="changed-badge" title="Compare both versions on the portal's event page">
                        {' '}
                        · changed since approval ({q.changes.map((c) => c.field).join(', ')})
                      </strong>
                    )}
                    <button type="button" onClick={() => void decide(e.id, [q], 'approve')}>
                      Approve
                    </button>
                    <button type="button" onClick={() => void decide(e.id, [q], 'reject')}>
                      Reject
                    </button>
                  </figcaption>
                </figure>
              ))}
            </div>
          </article>
        );
      })}
    </section>
  );
}
