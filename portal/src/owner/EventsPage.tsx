import type { EventCreated } from '@hypomos/shared/api/events';
import { type FormEvent, useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { Link } from '../router';
import { CopyLink } from '../ui/CopyLink';
import { isoFromLocal, useLoad, when } from './useLoad';

/** My events: create one (title, dates, end of contributions, expiry) and get its share-to link and QR code. */
export function EventsPage() {
  const events = useLoad(async () => (await ok(client.api.events.$get())).events);
  const [created, setCreated] = useState<EventCreated | null>(null);
  return (
    <section>
      <h2>New event</h2>
      <CreateEventForm
        onCreated={(x) => {
          setCreated(x);
          void events.reload();
        }}
      />
      {created && (
        <div className="card" data-testid="new-event">
          <p>
            Guests open this link or scan the code to see the event and contribute photos. Save it now: it is shown only
            once.
          </p>
          <CopyLink url={created.url} />
          <img
            src={created.qrSvgUrl}
            alt={`QR code for ${created.event.title}`}
            width={192}
            height={192}
            data-testid="event-qr"
          />
          <p>
            <a href={created.qrPngUrl} download="event-qr.png">
              Download QR code (PNG)
            </a>{' '}
            ·{' '}
            <a href={created.qrSvgUrl} download="event-qr.svg">
              SVG
            </a>
          </p>
        </div>
      )}
      <h2>My events</h2>
      {events.error && <p className="error">{events.error}</p>}
      <table className="list">
        <thead>
          <tr>
            <th>Title</th>
            <th>Dates</th>
            <th>Contributions until</th>
            <th>Expires</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.map((e) => (
            <tr key={e.id} data-event={e.id}>
              <td>
                <Link href={`/app/events/${e.id}`}>{e.title}</Link>
              </td>
              <td>
                {when(e.startsAt)} – {when(e.endsAt)}
              </td>
              <td>{when(e.contributionsEndAt ?? e.expiresAt)}</td>
              <td>{when(e.expiresAt)}</td>
              <td>{e.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CreateEventForm({ onCreated }: { onCreated: (e: EventCreated) => void }) {
  const [f, setF] = useState({ title: '', startsAt: '', endsAt: '', contributionsEndAt: '', expiresAt: '' });
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof f) => ({
    name,
    value: f[name],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [name]: e.target.value }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const json = {
        title: f.title,
        startsAt: isoFromLocal(f.startsAt)!,
        endsAt: isoFromLocal(f.endsAt)!,
        contributionsEndAt: isoFromLocal(f.contributionsEndAt),
        expiresAt: isoFromLocal(f.expiresAt)!,
      };
      onCreated(await ok(client.api.events.$post({ json })));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="card form" onSubmit={submit} aria-label="New event">
      <label>
        Title <input {...field('title')} required maxLength={200} />
      </label>
      <label>
        Starts <input type="datetime-local" {...field('startsAt')} required />
      </label>
      <label>
        Ends <input type="datetime-local" {...field('endsAt')} required />
      </label>
      <label>
        Contributions until <input type="datetime-local" {...field('contributionsEndAt')} />
      </label>
      <label>
        Expires <input type="datetime-local" {...field('expiresAt')} required />
      </label>
      <button type="submit">Create event</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
