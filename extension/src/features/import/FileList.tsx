import { AlertTriangle, Check, Copy, Loader2, SkipForward, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { formatBytes } from '../../ui';
import type { ImportFileRow } from './rows';

/** Rows drawn at once: a 10,000-file import stays a short page; the filters find the rest. */
const SHOWN = 300;

type Filter = 'all' | 'new' | 'skipped' | 'failed';
const FILTERS: [Filter, string][] = [
  ['all', 'All'],
  ['new', 'To send'],
  ['skipped', 'Skipped'],
  ['failed', 'Problems'],
];

export function FileList({
  rows,
  planned,
  running,
  files,
  onForce,
}: {
  rows: ImportFileRow[];
  planned: boolean;
  running: boolean;
  files: Map<string, File> | undefined;
  onForce: (row: ImportFileRow) => void;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const shown = useMemo(() => rows.filter((r) => matches(r, filter)), [rows, filter]);
  return (
    <div className="panel import-files">
      <div className="import-filters" role="tablist">
        {FILTERS.map(([f, label]) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            className="import-filter"
            onClick={() => setFilter(f)}
          >
            {label} <span className="muted">{rows.filter((r) => matches(r, f)).length.toLocaleString()}</span>
          </button>
        ))}
      </div>
      <ul className="import-file-list" data-testid="import-files">
        {shown.slice(0, SHOWN).map((r) => (
          <li key={r.id} data-state={r.state} data-plan={r.planKind ?? ''} data-testid="import-file">
            <Preview file={files?.get(r.relPath)} />
            <div className="import-file-name">
              <span className="import-file-path" title={r.relPath}>
                {r.name}
              </span>
              <span className="muted small">
                {formatBytes(r.size)} · {r.relPath.split('/').slice(0, -1).join('/') || 'picked file'}
                {r.planKind === 'new' && r.folder ? ` → ${r.folder}/${r.targetName}` : ''}
              </span>
              {(r.error ?? r.planNote) && <span className="small import-file-note">{r.error ?? r.planNote}</span>}
            </div>
            <FileState row={r} running={running} />
            {planned &&
              !r.forced &&
              (r.planKind === 'duplicate' || r.planKind === 'repeat' || r.planKind === 'unwanted') && (
                <button type="button" className="ghost small" onClick={() => onForce(r)} data-testid="import-force">
                  Send anyway
                </button>
              )}
          </li>
        ))}
      </ul>
      {shown.length > SHOWN && <p className="muted small">and {(shown.length - SHOWN).toLocaleString()} more</p>}
    </div>
  );
}

function matches(r: ImportFileRow, f: Filter): boolean {
  if (f === 'new') return r.planKind === 'new';
  if (f === 'skipped') return r.state === 'skipped';
  if (f === 'failed') return r.state === 'failed';
  return true;
}

function FileState({ row, running }: { row: ImportFileRow; running: boolean }) {
  const pct = row.size > 0 ? Math.floor((100 * row.bytesSent) / row.size) : 0;
  switch (row.state) {
    case 'done':
      return (
        <span className="pill ok">
          <Check size={13} aria-hidden="true" /> Imported
        </span>
      );
    case 'sending':
      if (!running) return <span className="pill warn">Stopped at {pct} %</span>;
      return (
        <span className="pill busy">
          <Loader2 size={13} aria-hidden="true" className="spin" /> {pct} %
        </span>
      );
    case 'queued':
      return <span className="pill">{row.forced ? 'Will be sent (forced)' : 'Will be sent'}</span>;
    case 'skipped':
      return (
        <span className="pill warn">
          {row.planKind === 'unwanted' ? (
            <Trash2 size={13} aria-hidden="true" />
          ) : (
            <Copy size={13} aria-hidden="true" />
          )}{' '}
          {row.planKind === 'unwanted' ? 'Deleted before' : row.planKind === 'repeat' ? 'Picked twice' : 'In library'}
        </span>
      );
    case 'failed':
      return (
        <span className="pill bad">
          <AlertTriangle size={13} aria-hidden="true" /> {row.planKind === 'new' ? 'Failed' : 'Cannot import'}
        </span>
      );
    case 'cancelled':
      return (
        <span className="pill">
          <SkipForward size={13} aria-hidden="true" /> Cancelled
        </span>
      );
    default:
      return <span className="pill">Waiting</span>;
  }
}

/** A small preview from the picked file itself (nothing is read from the cloud). */
function Preview({ file }: { file: File | undefined }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file?.type.startsWith('image/') || file.size === 0) return;
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return (
    <span className="import-file-thumb" aria-hidden="true">
      {url && <img src={url} alt="" loading="lazy" decoding="async" />}
    </span>
  );
}
