import { useEffect, useState } from 'react';
import { ApiFailure, client, messageOf, ok, setCsrfToken } from '../api/client';
import { Link, match, navigate } from '../router';
import { ContributionsPage } from './ContributionsPage';
import { EventDetail } from './EventDetail';
import { EventsPage } from './EventsPage';
import { ExtensionPage } from './ExtensionPage';
import { InboxPage, InboxViewer } from './InboxPage';
import { SharesPage } from './SharesPage';
import { SignIn } from './SignIn';

function page(path: string) {
  if (path === '/app' || path === '/app/shares') return <SharesPage />;
  if (path === '/app/events') return <EventsPage />;
  const event = match('/app/events/:id', path);
  if (event) return <EventDetail id={event.id!} />;
  if (path === '/app/inbox') return <InboxPage />;
  const entry = match('/app/inbox/:id', path);
  if (entry) return <InboxViewer id={entry.id!} />;
  if (path === '/app/contributions') return <ContributionsPage />;
  if (path === '/app/extension') return <ExtensionPage />;
  return <p>No such page.</p>;
}

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
  });
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
  return (
    <div className="owner">
      <nav className="topnav">
        <strong>Hypomos</strong>
        <Link href="/app/shares">Shares</Link>
        <Link href="/app/events">Events</Link>
        <Link href="/app/inbox">Inbox</Link>
        <Link href="/app/contributions">Contributions</Link>
        <Link href="/app/extension">Extension</Link>
        <span className="grow" />
        <span className="muted" data-testid="me">
          {me.user.displayName}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </nav>
      <main>{page(path)}</main>
    </div>
  );
}
