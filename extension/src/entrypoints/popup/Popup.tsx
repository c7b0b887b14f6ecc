import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { HostReply } from '../../features/hosts/messages';
import { send } from '../../features/hosts/page/send';
import { FALLBACK_NOTE } from '../../features/hosts/ui/toolbar';
import { Actions } from './Actions';
import { type CurrentTab, currentTab } from './tab';

/** The toolbar popup: the current tab's folder or file, quick actions, sync status, the dashboard. */
export function Popup() {
  const [tab, setTab] = useState<CurrentTab | null>(null);
  const [status, setStatus] = useState<HostReply<'popup.status'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    currentTab().then(setTab, (e: unknown) => setError(String(e)));
    const load = () =>
      send({ type: 'popup.status' }).then(setStatus, (e: unknown) =>
        setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, []);

  const location = tab?.location ?? null;
  const fallback = location !== null && !(tab?.page?.listFound ?? false);
  return (
    <main style={{ width: 340, padding: 12 }}>
      <h1 style={{ fontSize: 16, margin: '0 0 8px' }}>Hypomos</h1>
      <section aria-label="This page">
        {!tab && <p>Looking at this tab…</p>}
        {tab && !location && (
          <p data-testid="not-host">Open a folder in Google Drive or OneDrive to index or share from it.</p>
        )}
        {location && (
          <p data-testid="location">
            <strong>{location.host === 'gdrive' ? 'Google Drive' : 'OneDrive'}</strong>: {location.label}
            {tab?.page?.listFound && ` · ${tab.page.selectedIds.length} selected`}
          </p>
        )}
        {fallback && (
          <p data-testid="fallback" role="note" style={{ background: '#fff4e5', color: '#8c4a00', padding: 6 }}>
            {FALLBACK_NOTE}
          </p>
        )}
        {location && tab && <Actions location={location} selectedIds={fallback ? [] : (tab.page?.selectedIds ?? [])} />}
      </section>
      <section aria-label="Sync status" data-testid="sync-status">
        <h2 style={{ fontSize: 13, margin: '12px 0 4px' }}>Sync</h2>
        {status && status.sources.length === 0 && <p>No storage connected yet.</p>}
        {status?.sources.map((s) => (
          <p key={s.id} style={{ margin: '2px 0' }}>
            {s.name}: {s.phase === 'idle' ? 'up to date' : `${s.phase} scan`} · {s.indexed} indexed
            {s.failed ? ` · ${s.failed} failed` : ''}
            {s.lastError && <span style={{ color: '#b3261e' }}> · {s.lastError}</span>}
          </p>
        ))}
        {status && (
          <p data-testid="library-counts">
            Library: {status.items} items, {status.collections} collections
          </p>
        )}
        {error && <p style={{ color: '#b3261e' }}>{error}</p>}
      </section>
      <button
        type="button"
        onClick={() => void browser.tabs.create({ url: new URL('/dashboard.html', window.location.origin).href })}
      >
        Open dashboard
      </button>
    </main>
  );
}
