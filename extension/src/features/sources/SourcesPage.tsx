import { formatDuration } from '@hypomos/shared/scan/progress';
import { useEffect, useState } from 'react';
import { db } from '../../db';
import type { FailedRow } from '../../db/rows';
import type { SourceStatus } from '../messages/schema';
import { askBackground } from './client';
import { ConnectPanel } from './ConnectPanel';
import { regrantFolderAccess } from './folder-access';
import { SettingsPanel } from './SettingsPanel';

const KIND_NAMES: Record<SourceStatus['kind'], string> = {
  onedrive: 'OneDrive',
  gdrive: 'Google Drive',
  azblob: 'Azure Blob',
  local: 'Local folder',
};

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** Polls the background for progress: it also knows which sources are running right now. */
function useStatuses(intervalMs = 1000): [SourceStatus[] | null, string | null, () => void] {
  const [statuses, setStatuses] = useState<SourceStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a refresh after an action
  useEffect(() => {
    let live = true;
    const load = () =>
      askBackground({ type: 'sources.status' }).then(
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
      <div className="toolbar">
        <h1>Sources</h1>
        <button
          type="button"
          onClick={() => askBackground({ type: 'sources.sync' }).then(refresh)}
          disabled={!statuses?.length}
        >
          Sync all now
        </button>
        <button type="button" onClick={() => setConnecting((c) => !c)} aria-expanded={connecting}>
          Connect…
        </button>
        <button type="button" onClick={() => setSettings((c) => !c)} aria-expanded={settings}>
          Settings…
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
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {statuses?.length === 0 && (
        <p className="empty">
          Connect OneDrive, Google Drive, an Azure Blob container or a local folder to start indexing.
        </p>
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
  const [showFailed, setShowFailed] = useState(false);
  const scanning = s.running || s.phase !== 'idle' || s.pending > 0;
  const phase =
    s.phase === 'full'
      ? 'listing everything'
      : s.phase === 'delta'
        ? 'listing changes'
        : s.pending > 0
          ? 'reading'
          : 'up to date';
  return (
    <article className="source-card" data-source-id={s.id} data-scanning={scanning ? '1' : '0'} aria-label={s.name}>
      <header className="row">
        <h2>{s.name}</h2>
        <span className="kind">{KIND_NAMES[s.kind]}</span>
        <span className="phase" data-phase={s.phase}>
          {scanning ? `Scanning: ${phase}` : 'Up to date'}
        </span>
      </header>
      {s.kind === 'local' && (
        <p className="hint">
          Local folder: indexed and browsed here; its files cannot be shared by link.{' '}
          <button type="button" onClick={() => void regrant(s.id, onChange)}>
            Allow access to the folder
          </button>
        </p>
      )}
      <dl className="stats">
        <dt>In the index</dt>
        <dd data-stat="items">{s.items}</dd>
        <dt>Seen this sync</dt>
        <dd data-stat="seen">{s.seen}</dd>
        <dt>Indexed this sync</dt>
        <dd data-stat="indexed">{s.indexed}</dd>
        <dt>Queued</dt>
        <dd data-stat="pending">{s.pending}</dd>
        <dt>Failed</dt>
        <dd data-stat="failed">{s.failed}</dd>
        <dt>Bytes read</dt>
        <dd data-stat="bytes">{formatBytes(s.bytesRead)}</dd>
        <dt>Time left</dt>
        <dd data-stat="eta">{scanning ? (s.etaMs === null ? 'estimating…' : formatDuration(s.etaMs)) : '–'}</dd>
        <dt>Last sync</dt>
        <dd>{s.finishedAt ? new Date(s.finishedAt).toLocaleString() : 'never'}</dd>
      </dl>
      {s.lastError && (
        <p className="error" data-stat="last-error">
          {s.lastError}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          onClick={() => askBackground({ type: 'sources.sync', sourceId: s.id }).then(onChange)}
          disabled={s.running}
        >
          Sync now
        </button>
        {s.failed > 0 && (
          <button type="button" onClick={() => setShowFailed((v) => !v)} aria-expanded={showFailed}>
            {showFailed ? 'Hide failures' : 'Show failures'}
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            confirm(`Disconnect ${s.name}? Its items leave the index and every share.`) &&
            askBackground({ type: 'sources.remove', sourceId: s.id }).then(onChange)
          }
        >
          Disconnect
        </button>
      </div>
      {showFailed && <FailedList sourceId={s.id} />}
    </article>
  );
}

async function regrant(sourceId: string, onChange: () => void) {
  try {
    if ((await regrantFolderAccess(db, sourceId)) === 'granted')
      await askBackground({ type: 'sources.sync', sourceId });
  } catch (e) {
    alert(e instanceof Error ? e.message : String(e));
  }
  onChange();
}

function FailedList({ sourceId }: { sourceId: string }) {
  const [rows, setRows] = useState<FailedRow[]>([]);
  useEffect(() => {
    void db.failed.where('sourceId').equals(sourceId).limit(200).toArray().then(setRows);
  }, [sourceId]);
  return (
    <ul className="failed-list">
      {rows.map((f) => (
        <li key={f.key}>
          <code>{f.path}</code>: {f.reason}
          {f.transient ? ' (will be retried at the next sync)' : ' (not retried until the file changes)'}
        </li>
      ))}
    </ul>
  );
}
