import type { Activity } from '@hypomos/shared/api/events';
import { useEffect, useState } from 'react';
import { ApiFailure, client, messageOf, ok, setCsrfToken } from '../api/client';
import { Link, match, navigate } from '../router';
import { useActivity } from './activity/useActivity';
import '@hypomos/shared/ui/tokens.css';
import '../ui/tokens.css';
import { UiProvider } from '../ui/ui-context';
import { ContributionsPage } from './ContributionsPage';
import { EventDetail } from './EventDetail';
import { EventsPage } from './EventsPage';
import { ExtensionPage } from './ExtensionPage';
import { InboxPage, InboxViewer } from './InboxPage';
import './owner.css';
import { SharesPage } from './SharesPage';
import { SignIn } from './SignIn';

const TABS = [
  ['/app/shares', 'Shares'],
  ['/app/events', 'Events'],
  ['/app/inbox', 'Inbox'],
  ['/app/contributions', 'Contributions'],
  ['/app/extension', 'Extension'],
] as const;

function page(path: string, activity: Activity | null) {
  if (path === '/app' || path === '/app/shares') return <SharesPage />;
  if (path === '/app/events') return <EventsPage activity={activity} />;
  const event = match('/app/events/:id', path);
  if (event) return <EventDetail id={event.id!} />;
  if (path === '/app/inbox') return <InboxPage />;
  const entry = match('/app/inbox/:id', path);
  if (entry) return <InboxViewer id={entry.id!} />;
  if (path === '/app/contributions') return <ContributionsPage />;
  if (path === '/app/extension') return <ExtensionPage />;
  return <p>No such page.</p>;
}

/** The tab a path belongs to: /app is Shares, /app/events/x is Events. */
const tabOf = (path: string) => (path === '/app' ? '/app/shares' : `/app/${path.split('/')[2] ?? ''}`);

type Me = Awaited<ReturnType<typeof loadMe>>;
const loadMe = () => ok(client.api.me.$get());

/** Owner pages under /app: signed in by the session cookie; writes carry the CSRF token /api/me hands out. */
export function OwnerApp({ path }: { path: string }) {
  const [me, setMe] = useState<Me | null | 'anonymous'>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadMe()
      .then((m) => {
        setCsrfToken(m.csrfToken);
        setMe(m);
      })
      .catch((err: unknown) =>
        err instanceof ApiFailure && err.status === 401 ? setMe('anonymous') : setError(messageOf(err)),
      );
  }, []);
  const activity = useActivity(path, typeof me === 'object' && me !== null);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (me === null) return <p className="muted loading">Loading…</p>;
  if (me === 'anonymous') return <SignIn returnTo={path} />;
  const signOut = async () => {
    await ok(client.auth.logout.$post());
    setCsrfToken(null);
    setMe('anonymous');
    navigate('/app');
  };
  const signOutEverywhere = async () => {
    await ok(client.auth['logout-everywhere'].$post());
    setCsrfToken(null);
    setMe('anonymous');
    navigate('/app');
  };
  const current = tabOf(path);
  return (
    <UiProvider>
      <div className="owner">
        <header className="topbar">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              H
            </span>
            Hypomos
          </span>
          <nav className="owner-nav" aria-label="Owner pages">
            {TABS.map(([href, label]) => (
              <Link key={href} href={href} aria-current={href === current ? 'page' : undefined}>
                {label}
                {href === '/app/events' && !!activity?.pending && (
                  <span className="nav-badge" data-testid="activity-badge" title="Guests' photos waiting for you">
                    {activity.pending > 99 ? '99+' : activity.pending}
                  </span>
                )}
              </Link>
            ))}
          </nav>
          <span className="me">
            <span className="avatar" aria-hidden="true">
              {me.user.displayName.slice(0, 1).toUpperCase()}
            </span>
            <span className="name muted" data-testid="me">
              {me.user.displayName}
            </span>
            <button type="button" className="ghost" onClick={signOut}>
              Sign out
            </button>
            <button
              type="button"
              className="ghost"
              onClick={signOutEverywhere}
              title="Ends your sessions in every browser"
            >
              Sign out everywhere
            </button>
          </span>
        </header>
        <main>{page(path, activity)}</main>
      </div>
    </UiProvider>
  );
}
