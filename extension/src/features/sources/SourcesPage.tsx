import { formatDuration } from '@hypomos/shared/scan/progress';
import { Cloud, Database, Folder, FolderSync, HardDrive, type LucideIcon, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { db } from '../../db';
import type { FailedRow } from '../../db/rows';
import type { SourceStatus } from './messages';
import { BlobCorsPanel } from './BlobCorsPanel';
import { ConnectPanel } from './ConnectPanel';
import { KIND_NAMES } from './kind-names';
import { regrantFolderAccess } from './folder-access';
import { SettingsPanel } from './SettingsPanel';
import { EmptyState, formatAgo, formatBytes, plural, ProgressBar, type Ui, useUi } from '../../ui';
import { ask } from '../../protocol';

const KIND_ICONS: Record<SourceStatus['kind'], LucideIcon> = {
  onedrive: Cloud,
  gdrive: HardDrive,
  azblob: Database,
  local: Folder,
};

/** Polls the background for progress: it also knows which sources are running right now. */
function useStatuses(intervalMs = 1000): [SourceStatus[] | null, string | null, () => void] {
  const [statuses, setStatuses] = useState<SourceStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a refresh after an action
  useEffect(() => {
    let live = true;
    const load = () =>
      ask('sources.status').then(
        (r) => {
          if (!live) return;
          setStatuses(r.sources);
          setError(null);
        },
        (e: unknown) => {
          if (live) setError(e instanceof Error ? e.message : String(e));
        },
      );
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [intervalMs, tick]);
  return [statuses, error, () => setTick((t) => t + 1)];
}

/** The dashboard's #/sources page: connected sources, their scan progress, "Sync now" and "Connect…". */
export function SourcesPage() {
  const [statuses, error, refresh] = useStatuses();
  const [connecting, setConnecting] = useState(false);
  const [settings, setSettings] = useState(false);
  return (
    <section className="page sources" aria-label="Sources">
      <div className="page-head">
        <h1>Sources</h1>
        <span className="spacer" />
        <button type="button" onClick={() => setSettings((c) => !c)} aria-expanded={settings}>
          Settings…
        </button>
        <button type="button" onClick={() => ask('sources.sync').then(refresh)} disabled={!statuses?.length}>
          <RefreshCw size={15} aria-hidden="true" /> Sync all now
        </button>
        <button type="button" className="primary" onClick={() => setConnecting((c) => !c)} aria-expanded={connecting}>
          Connect…
        </button>
      </div>
      {settings && <SettingsPanel />}
      {connecting && (
        <ConnectPanel
          onDone={() => {
            setConnecting(false);
            refresh();
          }}
        />
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {statuses?.length === 0 && !connecting && (
        <EmptyState
          icon={<FolderSync size={44} />}
          title="No sources yet"
          action={
            <button type="button" className="primary" onClick={() => setConnecting(true)}>
              Connect a source
            </button>
          }
        >
          Connect OneDrive, Google Drive, an Azure Blob container or a local folder. Your photos stay where they are;
          Hypomos indexes them on this device.
        </EmptyState>
      )}
      <div className="source-list">
        {statuses?.map((s) => (
          <SourceCard key={s.id} status={s} onChange={refresh} />
        ))}
      </div>
    </section>
  );
}

function SourceCard({ status: s, onChange }: { status: SourceStatus; onChange: () => void }) {
  const ui = useUi();
  const [showFailed, setShowFailed] = useState(false);
  const scanning = s.running || s.phase !== 'idle' || s.pending > 0;
  const phase =
    s.phase === 'full'
      ? 'Listing everything'
      : s.phase === 'delta'
        ? 'Listing changes'
        : s.pending > 0
          ? 'Reading new files'
          : 'Up to date';
  const Icon = KIND_ICONS[s.kind];
  const eta = scanning ? (s.etaMs === null ? 'estimating time left…' : `${formatDuration(s.etaMs)} left`) : null;
  return (
    <article
      className="source-card panel"
      data-source-id={s.id}
      data-scanning={scanning ? '1' : '0'}
      aria-label={s.name}
      data-testid="source-card"
    >
      <header className="source-head">
        <span className="source-icon" data-kind={s.kind}>
          <Icon size={22} aria-hidden="true" />
        </span>
        <div className="source-title">
          <h2>{s.name}</h2>
          <span className="muted small">{KIND_NAMES[s.kind]}</span>
        </div>
        <span
          className={`pill ${s.lastError && !s.running ? 'bad' : scanning ? 'busy' : 'ok'}`}
          data-phase={s.phase}
          data-testid="source-phase"
        >
          {s.lastError && !s.running ? 'Sync failed' : scanning ? phase : 'Up to date'}
        </span>
      </header>
      {scanning && (
        <ProgressBar
          testId="source-progress"
          label={`${phase} · ${s.indexed.toLocaleString()} of ${(s.indexed + s.pending).toLocaleString()} read${eta ? ` · ${eta}` : ''}`}
          done={s.indexed}
          total={s.phase === 'idle' ? s.indexed + s.pending : null}
        />
      )}
      <dl className="source-stats">
        <div>
          <dt>Photos and videos</dt>
          <dd data-stat="items">{s.items}</dd>
        </div>
        <div>
          <dt>Waiting to be read</dt>
          <dd data-stat="pending">{s.pending}</dd>
        </div>
        <div data-bad={s.failed > 0 ? '1' : '0'}>
          <dt>Could not be read</dt>
          <dd data-stat="failed">{s.failed}</dd>
        </div>
      </dl>
      <p className="muted small" data-testid="source-last-sync">
        {s.finishedAt ? `Last synced ${formatAgo(s.finishedAt)}` : 'Not synced yet'} ·{' '}
        <span data-stat="indexed">{s.indexed}</span> new of {plural(s.seen, 'file')} checked ·{' '}
        <span data-stat="bytes">{formatBytes(s.bytesRead)}</span> read
      </p>
      {s.kind === 'local' && (
        <p className="alert warn">
          Local folder: indexed and browsed here; its files cannot be shared by link.{' '}
          <button type="button" className="link" onClick={() => void regrant(s.id, ui, onChange)}>
            Allow access to the folder
          </button>
        </p>
      )}
      {s.kind === 'azblob' && <BlobCorsPanel sourceId={s.id} />}
      {s.lastError && (
        <p className="alert" data-stat="last-error" role="alert">
          {s.lastError}
        </p>
      )}
      <div className="source-actions">
        <button
          type="button"
          onClick={() => ask('sources.sync', { sourceId: s.id }).then(onChange)}
          disabled={s.running}
        >
          Sync now
        </button>
        {s.failed > 0 && (
          <button type="button" onClick={() => setShowFailed((v) => !v)} aria-expanded={showFailed}>
            {showFailed ? 'Hide failures' : `Show ${plural(s.failed, 'failure')}`}
          </button>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="danger ghost"
          onClick={async () => {
            const yes = await ui.confirm({
              title: `Disconnect ${s.name}?`,
              body: `Its ${plural(s.items, 'item')} leave the index and every share. The files stay in ${KIND_NAMES[s.kind]}.`,
              confirmLabel: 'Disconnect',
              danger: true,
            });
            if (!yes) return;
            await ask('sources.remove', { sourceId: s.id });
            ui.toast({ text: `${s.name} disconnected` });
            onChange();
          }}
        >
          Disconnect
        </button>
      </div>
      {showFailed && <FailedList sourceId={s.id} />}
    </article>
  );
}

async function regrant(sourceId: string, ui: Ui, onChange: () => void) {
  try {
    if ((await regrantFolderAccess(db, sourceId)) === 'granted') await ask('sources.sync', { sourceId });
  } catch (e) {
    ui.toast({ text: e instanceof Error ? e.message : String(e), tone: 'error' });
  }
  onChange();
}

function FailedList({ sourceId }: { sourceId: string }) {
  const [rows, setRows] = useState<FailedRow[]>([]);
  useEffect(() => {
    void db.failed.where('sourceId').equals(sourceId).limit(200).toArray().then(setRows);
  }, [sourceId]);
  return (
    <ul className="failed-list small">
      {rows.map((f) => (
        <li key={f.key}>
          <code>{f.path}</code>: {f.reason}
          {f.transient ? ' (will be retried at the next sync)' : ' (not retried until the file changes)'}
        </li>
      ))}
    </ul>
  );
}
