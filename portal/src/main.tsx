import { lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { match, usePath } from './router';
import './styles.css';
import { EventPage } from './viewer/EventPage';
import { SharePage } from './viewer/SharePage';
import { WallPage } from './viewer/WallPage';

// Guests opening a share never download the owner pages.
const OwnerApp = lazy(() => import('./owner/OwnerApp').then((m) => ({ default: m.OwnerApp })));

function App() {
  const path = usePath();
  const share = match('/s/:token', path);
  if (share) return <SharePage token={share.token!} />;
  const wall = match('/e/:token/wall', path);
  if (wall) return <WallPage token={wall.token!} />;
  const event = match('/e/:token', path);
  if (event) return <EventPage token={event.token!} />;
  if (path === '/app' || path.startsWith('/app/'))
    return (
      <Suspense fallback={<p className="muted loading">Loading…</p>}>
        <OwnerApp path={path} />
      </Suspense>
    );
  return (
    <main className="status-page" data-status={404}>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
    </main>
  );
}

// The bare origin is the owner's home.
if (location.pathname === '/') history.replaceState(null, '', '/app');
createRoot(document.getElementById('root')!).render(<App />);
