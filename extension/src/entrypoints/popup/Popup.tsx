import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { HostReply } from '../../features/hosts/messages';
import { FALLBACK_NOTE } from '../../features/hosts/ui/toolbar';
import { Actions } from './Actions';
import { plural } from '../../ui';
import { type CurrentTab, currentTab } from './tab';
import { ask } from '../../protocol';
import { ActivitySummary } from '../../features/sharing/ActivitySummary';

/** The toolbar popup: the current tab's folder or file, quick actions, sync status, the dashboard. */
export function Popup() {
  const [tab, setTab] = useState<CurrentTab | null>(null);
  const [status, setStatus] = useState<HostReply<'popup.status'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    currentTab().then(setTab, (e: unknown) => setError(String(e)));
    const load = () =>
      ask('popup.status').then(setStatus, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    void load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, []);

  const location = tab?.location ?? null;
  const fallback = location !== null && !(tab?.page?.listFound ?? false);
  return (
    <main className="popup">
      <header className="popup-head">
        <span className="brand">Hypomos</span>
        <button
          type="button"
          className="primary"
          onClick={() => void browser.tabs.create({ url: new URL('/dashboard.html', window.location.origin).href })}
        >
          Open dashboard
        </button>
      </header>
      <ActivitySummary
        onOpen={() =>
          void browser.tabs.create({ url: new URL('/dashboard.html#/activity', window.location.origin).href })
        }
      />
      <section aria-label="This page" className="popup-section">
        {!tab && <p className="muted">Looking at this tab…</p>}
        {tab && !location && (
          <p className="muted" data-testid="not-host">
            Open a folder in Google Drive or OneDrive to index or share from it.
          </p>
        )}
        {location && (
          <p data-testid="location">
            <strong>{location.host === 'gdrive' ? 'Google Drive' : 'OneDrive'}</strong>: {location.label}
            {tab?.page?.listFound && ` · ${tab.page.selectedIds.length} selected`}
          </p>
        )}
        {fallback && (
          <p data-testid="fallback" role="note" className="alert warn">
            {FALLBACK_NOTE}
          </p>
        )}
        {location && tab && <Actions location={location} selectedIds={fallback ? [] : (tab.page?.selectedIds ?? [])} />}
      </section>
      <section aria-label="Sync status" data-testid="sync-status" className="popup-section">
        <h2>Sources</h2>
        {status && status.sources.length === 0 && <p className="muted">No storage connected yet.</p>}
        <ul className="popup-sources">
          {status?.sources.map((s) => (
            <li key={s.id} data-source-id={s.id}>
              <span className="popup-source-name">{s.name}</span>
              <span className="muted" data-testid="source-items">
                {plural(s.items, 'item')}
              </span>
              <span className={`pill ${s.lastError ? 'bad' : s.phase === 'idle' ? 'ok' : 'busy'}`}>
                {s.lastError ? 'Sync failed' : s.phase === 'idle' ? 'Up to date' : 'Scanning'}
              </span>
              {s.failed > 0 && <span className="small muted">{plural(s.failed, 'file')} could not be read</span>}
              {s.lastError && <span className="small error-text">{s.lastError}</span>}
            </li>
          ))}
        </ul>
        {status && (
          <p data-testid="library-counts" className="muted small">
            Library: {status.items} items, {status.collections} collections
          </p>
        )}
        {error && <p className="alert">{error}</p>}
      </section>
    </main>
  );
}
