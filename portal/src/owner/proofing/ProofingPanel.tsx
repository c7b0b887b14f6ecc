import type { ExportFormat, ProofingClient, ProofingReport } from '@hypomos/shared/api/proofing';
import type { Share } from '@hypomos/shared/api/shares';
import { pickCountLabel } from '@hypomos/shared/proofing/selection';
import { type FormEvent, useState } from 'react';
import { client, messageOf, ok } from '../../api/client';
import { ItemThumb } from '../../ui/ItemThumb';
import { useUi } from '../../ui/ui-context';
import { isoFromLocal, useLoad, when } from '../useLoad';

/** ISO → the `datetime-local` input's value in this browser's time zone. */
const localFromIso = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'txt', label: 'File names (.txt)' },
  { format: 'csv', label: 'Per client (.csv)' },
  { format: 'lightroom', label: 'Lightroom filter' },
];

/**
 * A gallery's client proofing (issue 23), for its photographer: turn favourites on with a limit and a deadline,
 * see each client's picks as they make them, and export the file names.
 */
export function ProofingPanel({ share, onChanged }: { share: Share; onChanged: () => Promise<void> }) {
  const report = useLoad(
    async () => ok(client.api.shares[':id'].proofing.$get({ param: { id: share.id } })),
    `${share.id}:${share.proofing.enabled}:${share.proofing.limit}:${share.proofing.deadline}`,
  );
  return (
    <section className="proofing-panel" data-testid="proofing-panel" aria-label="Client favourites">
      <ProofingSettingsForm share={share} onSaved={onChanged} />
      {report.error && (
        <p className="alert" role="alert">
          {report.error}
        </p>
      )}
      {report.data && share.proofing.enabled && <Picks report={report.data} share={share} reload={report.reload} />}
    </section>
  );
}

function ProofingSettingsForm({ share, onSaved }: { share: Share; onSaved: () => Promise<void> }) {
  const ui = useUi();
  const [enabled, setEnabled] = useState(share.proofing.enabled);
  const [limit, setLimit] = useState(share.proofing.limit === null ? '' : String(share.proofing.limit));
  const [deadline, setDeadline] = useState(localFromIso(share.proofing.deadline));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const proofing = { enabled, limit: limit ? Number(limit) : null, deadline: isoFromLocal(deadline) };
      await ok(client.api.shares[':id'].$patch({ param: { id: share.id }, json: { proofing } }));
      await onSaved();
      ui.toast({ text: enabled ? 'Favourites are on for this gallery.' : 'Favourites are off for this gallery.' });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="proofing-settings" aria-label="Favourites settings">
      <label className="check">
        <input type="checkbox" name="proofing" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Clients can mark favourites
      </label>
      <label className="field">
        Favourites per client <span className="hint">Empty: no limit.</span>
        <input
          type="number"
          name="proofing-limit"
          min={1}
          max={10000}
          value={limit}
          disabled={!enabled}
          onChange={(e) => setLimit(e.target.value)}
        />
      </label>
      <label className="field">
        Selection locks on <span className="hint">Empty: open until the gallery expires.</span>
        <input
          type="datetime-local"
          name="proofing-deadline"
          value={deadline}
          disabled={!enabled}
          onChange={(e) => setDeadline(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

async function download(shareId: string, format: ExportFormat, clientId?: string) {
  const res = await client.api.shares[':id'].proofing.export.$get({
    param: { id: shareId },
    query: { format, ...(clientId ? { client: clientId } : {}) },
  });
  if (!res.ok) throw new Error(`The portal answered ${res.status}.`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'favourites.txt';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function Picks({ report, share, reload }: { report: ProofingReport; share: Share; reload: () => Promise<void> }) {
  const ui = useUi();
  const total = new Set(report.clients.flatMap((c) => c.picks.map((p) => p.itemId))).size;
  const run = (f: () => Promise<void>) => f().catch((err) => ui.toast({ text: messageOf(err), tone: 'error' }));
  return (
    <div className="proofing-picks">
      <div className="section-head proofing-head">
        <p>
          <strong data-testid="proofing-summary">
            {report.clients.length === 0
              ? 'No client has started choosing yet.'
              : `${report.clients.length} ${report.clients.length === 1 ? 'client' : 'clients'} chose ${total} ${total === 1 ? 'photo' : 'photos'}`}
          </strong>
          <span className="muted">
            {' '}
            ·{' '}
            {report.locked
              ? `locked since ${when(report.settings.deadline)}`
              : report.settings.deadline
                ? `locks ${when(report.settings.deadline)}`
                : 'open while the gallery is'}
          </span>
        </p>
        <span className="row-actions">
          <button type="button" className="ghost" onClick={() => run(reload)}>
            Refresh
          </button>
          {EXPORTS.map((x) => (
            <button
              key={x.format}
              type="button"
              disabled={total === 0}
              onClick={() => run(() => download(share.id, x.format))}
              data-export={x.format}
            >
              {x.label}
            </button>
          ))}
        </span>
      </div>
      <ul className="rows proofing-clients">
        {report.clients.map((c) => (
          <ClientPicks key={c.id} client={c} limit={report.settings.limit} shareId={share.id} run={run} />
        ))}
      </ul>
    </div>
  );
}

function ClientPicks({
  client: c,
  limit,
  shareId,
  run,
}: {
  client: ProofingClient;
  limit: number | null;
  shareId: string;
  run: (f: () => Promise<void>) => void;
}) {
  return (
    <li data-client={c.name}>
      <div className="row-main">
        <span className="row-text">
          <span className="row-title">{c.name}</span>
          <span className="row-meta">
            <span className="pill ok" data-testid="client-count">
              {pickCountLabel(c.picks.length, limit)}
            </span>
            <span>last change {when(c.lastChangeAt)}</span>
          </span>
        </span>
        <span className="row-actions">
          <button
            type="button"
            disabled={c.picks.length === 0}
            onClick={() => run(() => download(shareId, 'txt', c.id))}
          >
            {c.name}’s list
          </button>
        </span>
      </div>
      {c.picks.length > 0 && (
        <ul className="plain proofing-strip">
          {c.picks.map((p) => (
            <li key={p.itemId} data-item-id={p.itemId} title={p.fileName ?? p.sourceItemId}>
              <ItemThumb preview={p.preview} size={88} />
              <span className="proofing-file">{p.fileName ?? p.sourceItemId}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
