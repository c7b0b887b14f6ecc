import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { useLoad, when } from './useLoad';

/**
 * What I contributed to other people's events, with the organizer's decisions so far. Withdrawing takes every item
 * out of the event at once (from any state) and stops a dynamic collection from adding more.
 */
export function ContributionsPage() {
  const list = useLoad(async () => (await ok(client.api.contributions.$get())).contributions);
  const [error, setError] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await ok(client.api.contributions[':id'].withdraw.$post({ param: { id }, json: {} }));
      await list.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <section>
      <h2>My contributions</h2>
      {(list.error || error) && (
        <p className="error" role="alert">
          {list.error ?? error}
        </p>
      )}
      {list.data?.length === 0 && (
        <p className="muted">
          You have not contributed to any event. Use the Hypomos extension to add photos to an event.
        </p>
      )}
      <ul className="plain">
        {list.data?.map((c) => (
          <li key={c.id} className="row" data-contribution={c.id} data-withdrawn={c.withdrawn}>
            <span className="grow">
              <strong>{c.eventTitle}</strong>{' '}
              <span className="muted">
                {c.counts.approved} approved · {c.counts.pending} pending · {c.counts.rejected} rejected ·{' '}
                {c.counts.withdrawn} withdrawn · since {when(c.createdAt)}
              </span>
            </span>
            {!c.withdrawn && (
              <button type="button" onClick={() => withdraw(c.id)}>
                Withdraw all
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
