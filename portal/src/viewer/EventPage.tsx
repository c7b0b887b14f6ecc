import type { PublicEvent } from '@hypomos/shared/api/public';
import { useEffect, useMemo, useState } from 'react';
import { ApiFailure, client, messageOf, ok } from '../api/client';
import { AddYourPhotos } from './AddYourPhotos';
import { useFeedback } from './feedback/useFeedback';
import { MyContribution } from './MyContribution';
import { eventSource } from './source';
import { StatusPage } from './StatusPage';
import { ViewerPage } from './ViewerPage';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

const FEEDBACK_OFF = { comments: false, reactions: false };

/** `/e/<token>`: an event's approved items (the server filters), each with its contributor's name. */
export function EventPage({ token }: { token: string }) {
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  useEffect(() => {
    ok(client.api.public.events[':token'].$get({ param: { token } }))
      .then(setEvent)
      .catch((err: unknown) =>
        setFailure(err instanceof ApiFailure ? err : new ApiFailure(0, 'network', messageOf(err))),
      );
  }, [token]);
  const source = useMemo(() => eventSource(token), [token]);
  const feedback = useFeedback('event', token, event?.feedback ?? FEEDBACK_OFF);
  if (failure) return <StatusPage failure={failure} />;
  if (!event) return <p className="muted loading">Loading…</p>;
  const dates =
    day(event.startsAt) === day(event.endsAt) ? day(event.startsAt) : `${day(event.startsAt)} – ${day(event.endsAt)}`;
  const subtitle = (
    <p className="muted">
      {dates}
      {event.acceptingContributions ? ' · open for contributions' : ''}
    </p>
  );
  return (
    <ViewerPage
      source={source}
      title={event.title}
      subtitle={subtitle}
      expiresAt={event.expiresAt}
      allowDownload={false}
      offerZip={false}
      noun="event"
      feedback={feedback}
      notice={
        <>
          <MyContribution eventId={event.id} />
          {event.acceptingContributions && <AddYourPhotos eventUrl={`${location.origin}/e/${token}`} />}
        </>
      }
    />
  );
}
