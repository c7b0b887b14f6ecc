import type { Activity } from '@hypomos/shared/api/events';
import { ActivityList } from './activity/ActivityList';
import type { EventCreated } from '@hypomos/shared/api/events';
import { type FormEvent, useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { Link } from '../router';
import { CopyLink } from '../ui/CopyLink';
import { EmptyState } from '../ui/EmptyState';
import { isoFromLocal, useLoad, when } from './useLoad';

const STATUS_TONE = { active: 'ok', expired: 'warn', revoked: 'bad' } as const;

/** My events: create one (title, dates, end of contributions, expiry) and get its share-to link and QR code. */
export function EventsPage({ activity }: { activity: Activity | null }) {
  const events = useLoad(async () => (await ok(client.api.events.$get())).events);
  const [created, setCreated] = useState<EventCreated | null>(null);
  return (
    <>
      <header className="page-head">
        <div>
          <h1>Events</h1>
          <p>A party, a wedding, a trip: guests add their photos, you approve what everyone sees.</p>
        </div>
      </header>
      <ActivityList activity={activity} />
      <CreateEventForm
        onCreated={(x) => {
          setCreated(x);
          void events.reload();
        }}
      />
      {created && (
        <div className="card" data-testid="new-event">
          <h2 className="card-title">“{created.event.title}” is ready</h2>
          <div className="created">
            <img
              src={created.qrSvgUrl}
              alt={`QR code for ${created.event.title}`}
              width={160}
              height={160}
              data-testid="event-qr"
            />
            <div style={{ flex: 1, minWidth: 260 }}>
              <p className="muted">
                Guests open this link or scan the code to see the event and contribute photos. Save it now: it is shown
                only once.
              </p>
              <CopyLink url={created.url} />
              <p className="small">
                <a href={created.qrPngUrl} download="event-qr.png">
                  Download QR code (PNG)
                </a>{' '}
                ·{' '}
                <a href={created.qrSvgUrl} download="event-qr.svg">
                  SVG
                </a>
              </p>
            </div>
          </div>
        </div>
      )}
      <section className="section" aria-labelledby="events-h">
        <div className="section-head">
          <h2 id="events-h">My events</h2>
        </div>
        {events.error && (
          <p className="alert" role="alert">
            {events.error}
          </p>
        )}
        {events.data?.length === 0 ? (
          <div className="card">
            <EmptyState icon="✦" title="No events yet" testId="events-empty">
              Fill in the form above to create your first event; you get a link and a QR code to hand to guests.
            </EmptyState>
          </div>
        ) : (
          <ul className="rows">
            {events.data?.map((e) => (
              <li key={e.id} data-event={e.id}>
                <div className="row-main">
                  <span className="row-text">
                    <Link className="row-title" href={`/app/events/${e.id}`}>
                      {e.title}
                    </Link>
                    <span className="row-meta">
                      <span className={`pill ${STATUS_TONE[e.status]}`}>{e.status}</span>
                      <span>
                        {when(e.startsAt)} – {when(e.endsAt)}
                      </span>
                      <span>· contributions until {when(e.contributionsEndAt ?? e.expiresAt)}</span>
                      <span>· expires {when(e.expiresAt)}</span>
                    </span>
                  </span>
                  <Link className="button" href={`/app/events/${e.id}`} aria-hidden="true" tabIndex={-1}>
                    Review photos
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const EMPTY = { title: '', startsAt: '', endsAt: '', contributionsEndAt: '', expiresAt: '' };

function CreateEventForm({ onCreated }: { onCreated: (e: EventCreated) => void }) {
  const [f, setF] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof f) => ({
    name,
    value: f[name],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [name]: e.target.value }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const json = {
        title: f.title,
        startsAt: isoFromLocal(f.startsAt)!,
        endsAt: isoFromLocal(f.endsAt)!,
        contributionsEndAt: isoFromLocal(f.contributionsEndAt),
        expiresAt: isoFromLocal(f.expiresAt)!,
      };
      onCreated(await ok(client.api.events.$post({ json })));
      setF(EMPTY);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="New event">
      <h2 className="card-title">New event</h2>
      <div className="form-grid">
        <label className="field span-all">
          Title
          <input {...field('title')} required maxLength={200} placeholder="Nina's 30th" />
        </label>
        <label className="field">
          Starts
          <input type="datetime-local" {...field('startsAt')} required />
        </label>
        <label className="field">
          Ends
          <input type="datetime-local" {...field('endsAt')} required />
        </label>
        <label className="field">
          Contributions until <span className="hint">Optional; until it expires when empty.</span>
          <input type="datetime-local" {...field('contributionsEndAt')} />
        </label>
        <label className="field">
          Expires <span className="hint">After this nobody can open it.</span>
          <input type="datetime-local" {...field('expiresAt')} required />
        </label>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Create event
        </button>
      </div>
    </form>
  );
}
