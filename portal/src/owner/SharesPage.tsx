import type { ShareCreated, StatsResponse } from '@hypomos/shared/api/shares';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { CopyLink } from '../ui/CopyLink';
import { CreateShareForm } from './CreateShareForm';
import { StatsView } from './StatsView';
import { UnservedList } from './UnservedList';
import { useLoad, when } from './useLoad';

/** My collections (published by the extension) with their share links: create, copy, revoke, statistics. */
export function SharesPage() {
  const collections = useLoad(async () => (await ok(client.api.collections.$get())).collections);
  const shares = useLoad(async () => (await ok(client.api.shares.$get())).shares);
  const reports = useLoad(async () => (await ok(client.api.reports.$get())).reports);
  const [sharing, setSharing] = useState<string | null>(null);
  const [created, setCreated] = useState<ShareCreated | null>(null);
  const [stats, setStats] = useState<{ id: string; data: StatsResponse } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titleOf = (collectionId: string) => collections.data?.find((c) => c.id === collectionId)?.title ?? '';
  const act = async (run: () => Promise<void>) => {
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const revoke = (id: string) =>
    act(async () => {
      await ok(client.api.shares[':id'].$delete({ param: { id } }));
      await shares.reload();
    });
  const setRelay = (id: string, relay: boolean) =>
    act(async () => {
      await ok(client.api.shares[':id'].$patch({ param: { id }, json: { relay } }));
      await shares.reload();
    });
  const showStats = (id: string) =>
    act(async () => setStats({ id, data: await ok(client.api.shares[':id'].stats.$get({ param: { id } })) }));

  return (
    <section>
      <h2>My collections</h2>
      {collections.error && <p className="error">{collections.error}</p>}
      {collections.data?.length === 0 && (
        <p className="muted">Nothing published yet. Share a collection from the Hypomos extension.</p>
      )}
      <ul className="plain">
        {collections.data?.map((c) => (
          <li key={c.id} className="row" data-collection={c.id}>
            <span className="grow">
              <strong>{c.title}</strong>{' '}
              <span className="muted">
                {c.itemCount} items · {c.kind}
              </span>
            </span>
            <button type="button" onClick={() => setSharing(sharing === c.id ? null : c.id)}>
              Share…
            </button>
            {sharing === c.id && (
              <CreateShareForm
                collection={c}
                onCreated={(x) => {
                  setCreated(x);
                  setSharing(null);
                  void shares.reload();
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {created && (
        <div className="card" data-testid="new-share">
          <p>Link created. Copy it now: it is shown only once (the portal keeps only its hash).</p>
          <CopyLink url={created.url} />
        </div>
      )}
      <h2>My links</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="list">
        <thead>
          <tr>
            <th>Title</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Expires</th>
            <th>Passcode</th>
            <th>Download</th>
            <th>Portal relay</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shares.data?.map((s) => (
            <tr key={s.id} data-share={s.id} data-status={s.status}>
              <td>{s.title ?? titleOf(s.collectionId)}</td>
              <td>{s.kind}</td>
              <td>{s.status}</td>
              <td>{when(s.expiresAt)}</td>
              <td>
                {s.hasPasscode ? 'yes' : 'no'}
                {s.unlockFailures > 0 && (
                  <span className="muted" data-testid="unlock-failures">
                    {' '}
                    · {s.unlockFailures} wrong {s.unlockFailures === 1 ? 'try' : 'tries'}
                    {s.unlockLockedUntil && `, locked until ${when(s.unlockLockedUntil)}`}
                  </span>
                )}
              </td>
              <td>{s.allowDownload ? 'allowed' : 'no'}</td>
              <td>
                <label className="relay-toggle" title="Stream what guests cannot load straight from your storage">
                  <input
                    type="checkbox"
                    name="relay"
                    checked={s.relayEnabled}
                    disabled={s.status !== 'active'}
                    onChange={(e) => setRelay(s.id, e.target.checked)}
                  />{' '}
                  {s.relayEnabled ? 'on' : 'off: nothing passes through the portal'}
                </label>
              </td>
              <td className="actions">
                <button type="button" onClick={() => showStats(s.id)}>
                  Statistics
                </button>
                {s.status === 'active' && (
                  <button type="button" onClick={() => revoke(s.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shares.data
        ?.filter((s) => s.status === 'active')
        .map((s) => (
          <UnservedList key={s.id} share={s} title={s.title ?? titleOf(s.collectionId)} />
        ))}
      {stats && <StatsView stats={stats.data} />}
      {reports.data && reports.data.length > 0 && (
        <>
          <h2>Broken links reported by viewers</h2>
          <p className="muted">
            Viewers could not load these items from their delegated links; share them again from the extension.
          </p>
          <ul className="plain" data-testid="reports">
            {reports.data.map((r) => (
              <li key={r.id} data-item-id={r.itemId}>
                {titleOf(r.collectionId)}: <code>{r.sourceItemId}</code> — {r.reason.replace('_', ' ')},{' '}
                {when(r.reportedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
