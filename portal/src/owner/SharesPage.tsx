import type { Collection } from '@hypomos/shared/api/collections';
import type { Share, ShareCreated, StatsResponse } from '@hypomos/shared/api/shares';
import { downloadsOf, type ShareDownloads } from '@hypomos/shared/sharing/download-sizes';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { CopyLink } from '../ui/CopyLink';
import { Dialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ItemLabel } from '../ui/ItemThumb';
import { useUi } from '../ui/ui-context';
import { CreateShareForm } from './CreateShareForm';
import { DownloadsSelect } from './download-choices';
import { CommentsPanel } from './feedback/CommentsPanel';
import { ProofingPanel } from './proofing/ProofingPanel';
import { StatsView } from './StatsView';
import { UnservedList } from './UnservedList';
import { useLoad, when } from './useLoad';

const STATUS_TONE = { active: 'ok', expired: 'warn', revoked: 'bad' } as const;

/** My collections (published by the extension) with their share links: create, copy, revoke, statistics. */
export function SharesPage() {
  const ui = useUi();
  const collections = useLoad(async () => (await ok(client.api.collections.$get())).collections);
  const shares = useLoad(async () => (await ok(client.api.shares.$get())).shares);
  const reports = useLoad(async () => (await ok(client.api.reports.$get())).reports);
  const [sharing, setSharing] = useState<Collection | null>(null);
  const [created, setCreated] = useState<ShareCreated | null>(null);
  const [stats, setStats] = useState<{ id: string; data: StatsResponse } | null>(null);
  const [proofingOf, setProofingOf] = useState<string | null>(null);
  const [commentsOf, setCommentsOf] = useState<string | null>(null);
  const titleOf = (collectionId: string) => collections.data?.find((c) => c.id === collectionId)?.title ?? '';
  const act = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  const revoke = async (s: Share) => {
    const name = s.title ?? titleOf(s.collectionId);
    const yes = await ui.confirm({
      title: `Revoke the link to “${name}”?`,
      body: 'Guests lose access at once and see that it was revoked. You can undo it from the message that follows; after that, to share again, create a new link.',
      confirmLabel: 'Revoke link',
      danger: true,
    });
    if (!yes) return;
    await act(async () => {
      await ok(client.api.shares[':id'].$delete({ param: { id: s.id } }));
      await shares.reload();
      ui.toast({
        text: `Link to “${name}” revoked.`,
        undo: () =>
          act(async () => {
            await ok(client.api.shares[':id'].restore.$post({ param: { id: s.id } }));
            await shares.reload();
            ui.toast({ text: `Link to “${name}” restored.` });
          }),
      });
    });
  };
  const setRelay = (id: string, relay: boolean) =>
    act(async () => {
      await ok(client.api.shares[':id'].$patch({ param: { id }, json: { relay } }));
      await shares.reload();
    });
  const setDownloads = (id: string, downloads: ShareDownloads) =>
    act(async () => {
      await ok(client.api.shares[':id'].$patch({ param: { id }, json: { downloads } }));
      await shares.reload();
    });
  const showStats = (id: string) =>
    act(async () => setStats({ id, data: await ok(client.api.shares[':id'].stats.$get({ param: { id } })) }));

  return (
    <>
      <header className="page-head">
        <div>
          <h1>Shares</h1>
          <p>Collections you published from the extension, and the links guests open.</p>
        </div>
      </header>
      {(collections.error || shares.error) && (
        <p className="alert" role="alert">
          {collections.error ?? shares.error}
        </p>
      )}

      <section aria-labelledby="collections-h">
        <div className="section-head">
          <h2 id="collections-h">My collections</h2>
        </div>
        {collections.data?.length === 0 ? (
          <div className="card">
            <EmptyState icon="▦" title="Nothing published yet" testId="collections-empty">
              Open the Hypomos extension, pick photos or a collection and press Share: it appears here, ready for a
              link.
            </EmptyState>
          </div>
        ) : (
          <ul className="card-grid">
            {collections.data?.map((c) => (
              <li key={c.id} className="card collection-card" data-collection={c.id}>
                <strong>{c.title}</strong>
                <span className="muted small">
                  {c.itemCount} {c.itemCount === 1 ? 'item' : 'items'}
                  {c.filterSummary && ` · ${c.filterSummary}`}
                </span>
                <span className="card-foot">
                  <span className="pill">{c.kind === 'dynamic' ? 'Updates itself' : 'Fixed'}</span>
                  <button type="button" className="primary" onClick={() => setSharing(c)}>
                    Share…
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="links-h">
        <div className="section-head">
          <h2 id="links-h">My links</h2>
        </div>
        {shares.data?.length === 0 ? (
          <div className="card">
            <EmptyState icon="↗" title="No links yet" testId="links-empty">
              Press Share… on a collection above to make a link, with an expiry, a passcode or downloads if you want.
            </EmptyState>
          </div>
        ) : (
          <ul className="rows">
            {shares.data?.map((s) => (
              <li key={s.id} data-share={s.id} data-status={s.status} data-downloads={downloadsOf(s)}>
                <div className="row-main">
                  <span className="row-text">
                    <span className="row-title">{s.title ?? titleOf(s.collectionId)}</span>
                    <span className="row-meta">
                      <span className={`pill ${STATUS_TONE[s.status]}`}>{s.status}</span>
                      <span className="pill">{s.kind === 'gallery' ? 'Gallery' : 'Link'}</span>
                      {s.proofing.enabled && <span className="pill busy">Favourites on</span>}
                      {(s.feedback.comments || s.feedback.reactions) && (
                        <span className="pill busy">
                          {s.feedback.comments && s.feedback.reactions
                            ? 'Comments & reactions'
                            : s.feedback.comments
                              ? 'Comments on'
                              : 'Reactions on'}
                        </span>
                      )}
                      <span>{s.expiresAt ? `Expires ${when(s.expiresAt)}` : 'No expiry'}</span>
                      <span>
                        {s.hasPasscode ? 'Passcode' : 'No passcode'}
                        {s.unlockFailures > 0 && (
                          <span data-testid="unlock-failures">
                            {' '}
                            · {s.unlockFailures} wrong {s.unlockFailures === 1 ? 'try' : 'tries'}
                            {s.unlockLockedUntil && `, locked until ${when(s.unlockLockedUntil)}`}
                          </span>
                        )}
                      </span>
                      <label className="downloads-choice">
                        Downloads
                        <DownloadsSelect
                          value={downloadsOf(s)}
                          disabled={s.status !== 'active'}
                          onChange={(d) => setDownloads(s.id, d)}
                        />
                      </label>
                      <label
                        className="check relay-toggle"
                        title="Stream what guests cannot load straight from your storage"
                      >
                        <input
                          type="checkbox"
                          name="relay"
                          checked={s.relayEnabled}
                          disabled={s.status !== 'active'}
                          onChange={(e) => setRelay(s.id, e.target.checked)}
                        />
                        Portal relay {s.relayEnabled ? 'on' : 'off: nothing passes through the portal'}
                      </label>
                    </span>
                  </span>
                  <span className="row-actions">
                    {s.kind === 'gallery' && (
                      <button
                        type="button"
                        aria-expanded={proofingOf === s.id}
                        onClick={() => setProofingOf((o) => (o === s.id ? null : s.id))}
                      >
                        Favourites
                      </button>
                    )}
                    <button
                      type="button"
                      aria-expanded={commentsOf === s.id}
                      onClick={() => setCommentsOf((o) => (o === s.id ? null : s.id))}
                    >
                      Comments
                    </button>
                    <button type="button" aria-expanded={stats?.id === s.id} onClick={() => showStats(s.id)}>
                      Statistics
                    </button>
                    {s.status === 'active' && (
                      <button type="button" className="danger" onClick={() => revoke(s)}>
                        Revoke
                      </button>
                    )}
                  </span>
                </div>
                {proofingOf === s.id && (
                  <div className="row-extra">
                    <ProofingPanel share={s} onChanged={shares.reload} />
                  </div>
                )}
                {commentsOf === s.id && (
                  <div className="row-extra">
                    <CommentsPanel scope={{ kind: 'share', id: s.id }} onChanged={shares.reload} />
                  </div>
                )}
                {stats?.id === s.id && (
                  <div className="row-extra">
                    <StatsView stats={stats.data} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {shares.data
          ?.filter((s) => s.status === 'active')
          .map((s) => (
            <UnservedList key={s.id} share={s} title={s.title ?? titleOf(s.collectionId)} />
          ))}
      </section>

      {reports.data && reports.data.length > 0 && (
        <section className="section" aria-labelledby="reports-h">
          <div className="section-head">
            <h2 id="reports-h">Items guests could not load</h2>
            <p>Their links stopped working. Share them again from the extension.</p>
          </div>
          <ul className="rows" data-testid="reports">
            {reports.data.map((r) => (
              <li key={r.id} data-item-id={r.itemId}>
                <ItemLabel
                  preview={r.preview}
                  detail={
                    <>
                      {titleOf(r.collectionId)} · <code>{r.sourceItemId}</code> ·{' '}
                      <span className="pill bad">{r.reason.replace('_', ' ')}</span> · reported {when(r.reportedAt)} by{' '}
                      {r.viewers === 1 ? '1 viewer' : `${r.viewers} viewers`}
                    </>
                  }
                />
              </li>
            ))}
          </ul>
        </section>
      )}

      {sharing && (
        <Dialog
          title={created ? 'Link created' : `Share “${sharing.title}”`}
          onClose={() => {
            setSharing(null);
            setCreated(null);
          }}
          testId="share-dialog"
          wide
        >
          {created ? (
            <div data-testid="new-share">
              <p className="dialog-body">
                Copy it now: it is shown only once (the portal keeps only its hash). Anyone with the link can open it
                {created.share.hasPasscode ? ' with the passcode' : ''}.
              </p>
              <CopyLink url={created.url} />
              <div className="dialog-actions">
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    setSharing(null);
                    setCreated(null);
                  }}
                >
                  Done
                </button>
              </div>
            </div>
          ) : (
            <CreateShareForm
              collection={sharing}
              onCancel={() => setSharing(null)}
              onCreated={(x) => {
                setCreated(x);
                void shares.reload();
              }}
            />
          )}
        </Dialog>
      )}
    </>
  );
}
