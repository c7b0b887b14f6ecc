import type { Activity } from '@hypomos/shared/api/events';
import { Link } from '../../router';
import { when } from '../useLoad';

const items = (n: number) => `${n} new ${n === 1 ? 'photo' : 'photos'}`;

/** New contributions waiting for the organizer, per event, newest first; nothing when none wait. */
export function ActivityList({ activity }: { activity: Activity | null }) {
  if (!activity?.events.length) return null;
  return (
    <section className="card activity" aria-label="Waiting for you" data-testid="activity">
      <h2 className="card-title">Waiting for you</h2>
      <ul className="plain">
        {activity.events.map((e) => (
          <li key={e.eventId}>
            <Link href={`/app/events/${e.eventId}`}>{e.title}</Link>{' '}
            <span className="pill busy">{items(e.pending)}</span>{' '}
            <span className="muted small">latest {when(e.newestAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
