import { Bell, CalendarClock, ImageOff, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { ask } from '../../protocol';
import { EmptyState, formatAgo } from '../../ui';
import type { ActivityView } from './messages';

type Contribution = ActivityView['contributions'][number];
type Reminder = ActivityView['reminders'][number];

const KIND_LABEL: Record<string, string> = {
  gallery: 'Client gallery',
  link: 'Shared link',
  family: 'Family share',
};

const closesOn = (at: number) =>
  new Date(at).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  });

/**
 * The organizer's activity (issue 23): guests' photos waiting for a decision, newest first, with what arrived since
 * the last look marked new, and the owner's galleries and links closing within three days. Opening the page asks the
 * portal, then marks what it shows as seen, which clears the toolbar badge.
 */
export function ActivityPage() {
  const [view, setView] = useState<ActivityView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    setBusy(true);
    try {
      const next = await ask('sharing.activity', { refresh: true });
      setView(next);
      setError(null);
      // What this page shows is seen now: the badge clears; the "New" marks stay until the next visit.
      await ask('sharing.activitySeen', {
        itemIds: next.contributions.map((c) => c.itemId),
        shareIds: next.reminders.map((r) => r.shareId),
      });
      window.dispatchEvent(new Event('hypomos:activity-seen'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const fresh = view?.contributions.filter((c) => c.isNew) ?? [];
  const waiting = view?.contributions.filter((c) => !c.isNew) ?? [];
  const reminders = view?.reminders ?? [];
  const nothing = view && fresh.length === 0 && waiting.length === 0 && reminders.length === 0;
  return (
    <section className="page activity" aria-label="Activity" data-testid="activity-page">
      <div className="page-head">
        <h1>Activity</h1>
        <span className="spacer" />
        {view?.checkedAt && <span className="muted small">Checked {formatAgo(view.checkedAt)}</span>}
        <button type="button" className="ghost" onClick={() => void load()} disabled={busy}>
          <RefreshCw size={16} aria-hidden="true" /> Check now
        </button>
      </div>
      {(error ?? view?.error) && (
        <p className="alert warn" role="alert">
          The portal could not be asked: {error ?? view?.error}
        </p>
      )}
      {reminders.length > 0 && (
        <div className="panel activity-section" data-testid="activity-reminders">
          <h2>Closing soon</h2>
          <ul className="reminders">
            {reminders.map((r) => (
              <ReminderRow key={r.shareId} reminder={r} />
            ))}
          </ul>
        </div>
      )}
      {fresh.length > 0 && (
        <div className="panel activity-section" data-testid="activity-new">
          <h2 className="activity-title">
            New from your guests <span className="pill busy">{fresh.length}</span>
          </h2>
          <ContributionGrid entries={fresh} />
        </div>
      )}
      {waiting.length > 0 && (
        <div className="panel activity-section" data-testid="activity-waiting">
          <h2>Still waiting for your decision</h2>
          <ContributionGrid entries={waiting} />
        </div>
      )}
      {(fresh.length > 0 || waiting.length > 0) && (
        <p className="muted small">
          Approve or reject them under <a href="#/shared">Shared with me → Events I organize</a>
          {view?.portalOrigin && (
            <>
              {' '}
              or on{' '}
              <a href={`${view.portalOrigin}/app/events`} target="_blank" rel="noreferrer">
                your portal's event pages
              </a>
            </>
          )}
          .
        </p>
      )}
      {nothing && (
        <EmptyState icon={<Bell size={40} />} title="All caught up" testId="activity-empty">
          New photos from your event guests, and your galleries about to close, show here.
        </EmptyState>
      )}
    </section>
  );
}

function ReminderRow({ reminder: r }: { reminder: Reminder }) {
  return (
    <li className="reminder" data-share-id={r.shareId}>
      <CalendarClock className="reminder-icon" size={22} aria-hidden="true" />
      <div className="reminder-text">
        <a className="reminder-title" href={`#/collections/${encodeURIComponent(r.collectionId)}`}>
          <strong>{r.title}</strong>
        </a>
        <span className="muted small">
          {KIND_LABEL[r.kind] ?? 'Share'} · closes {closesOn(r.expiresAt)}
        </span>
      </div>
      <span className="pill warn" data-testid="closes-in">
        {r.label}
      </span>
      {r.isNew && <span className="pill busy">New</span>}
    </li>
  );
}

function ContributionGrid({ entries }: { entries: Contribution[] }) {
  return (
    <ul className="contribution-grid">
      {entries.map((c) => (
        <li key={c.itemId} className="contribution" data-item-id={c.itemId} data-new={c.isNew ? '1' : '0'}>
          <Thumb entry={c} />
          <div className="contribution-text">
            <strong className="contributor">{c.contributorName}</strong>
            <span className="muted small event-title">{c.eventTitle}</span>
            {c.queuedAt !== null && <span className="muted small">{formatAgo(c.queuedAt)}</span>}
          </div>
          {c.isNew && <span className="new-dot" title="New since you last looked" />}
        </li>
      ))}
    </ul>
  );
}

function Thumb({ entry }: { entry: Contribution }) {
  const [broken, setBroken] = useState(false);
  if (broken)
    return (
      <div className="contribution-thumb missing" title="The guest's link did not load">
        <ImageOff size={28} aria-hidden="true" />
      </div>
    );
  if (entry.mediaType === 'video' && !entry.thumbnailUrl)
    return <video className="contribution-thumb" src={entry.originalUrl} preload="metadata" muted />;
  return (
    <img
      className="contribution-thumb"
      src={entry.thumbnailUrl ?? entry.originalUrl}
      alt={`Photo from ${entry.contributorName}`}
      loading="lazy"
      onError={() => setBroken(true)}
    />
  );
}
