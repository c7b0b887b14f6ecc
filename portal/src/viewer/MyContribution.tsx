import type { Contribution } from '@hypomos/shared/api/events';
import { useEffect, useState } from 'react';
import { client, messageOf, ok, setCsrfToken } from '../api/client';

const photos = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;

/**
 * On an event page, a signed-in guest who contributed sees their own photos' decisions and can withdraw them all
 * (from any state, at any time). Anonymous visitors see nothing: the look-up answers 401 and is dropped.
 */
export function MyContribution({ eventId }: { eventId: string }) {
  const [mine, setMine] = useState<Contribution[]>([]);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const me = await ok(client.api.me.$get());
      setCsrfToken(me.csrfToken);
      const { contributions } = await ok(client.api.contributions.$get());
      if (live) setMine(contributions.filter((c) => c.eventId === eventId && !c.withdrawn));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [eventId]);
  if (mine.length === 0) return null;
  const total = (k: keyof Contribution['counts']) => mine.reduce((n, c) => n + c.counts[k], 0);
  const count = total('approved') + total('pending') + total('rejected');
  const withdraw = async () => {
    setError(null);
    try {
      for (const c of mine) await ok(client.api.contributions[':id'].withdraw.$post({ param: { id: c.id }, json: {} }));
      setMine([]);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <section className="my-contribution" aria-label="Your photos in this event" data-testid="my-contribution">
      <div>
        <strong>You added {photos(count)} to this event.</strong>{' '}
        <span className="muted">
          {total('approved')} shown · {total('pending')} waiting for the organizer
          {total('rejected') ? ` · ${total('rejected')} not shown` : ''}
        </span>
      </div>
      {asking ? (
        <div className="my-contribution-ask">
          <span>Take all your photos out of this event? Nobody will see them here any more.</span>
          <button type="button" className="danger" onClick={withdraw}>
            Withdraw all
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Keep them
          </button>
        </div>
      ) : (
        <div className="my-contribution-ask">
          <button type="button" onClick={() => setAsking(true)}>
            Withdraw my photos
          </button>
          <a href="/app/contributions">Manage my contributions</a>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
