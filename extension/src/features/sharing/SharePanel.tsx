import { Check, Copy, Download, Link2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { renderSVG } from 'uqr';
import { useUi } from '../../ui';
import type { ShareItemState, ShareSummary } from './messages';
import { qrPng, saveBlob } from './qr';
import { NewShareForm } from './ShareForm';
import { errorText, type PortalState, useAction } from './use-action';
import { ask } from '../../protocol';

/** An event contribution's items per organizer decision, in the order a contributor reads them. */
const APPROVAL_LABELS = [
  ['pending', 'Pending approval'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['withdrawn', 'Withdrawn'],
] as const;

/** Sharing of one collection: portal pairing, creating a share, its link + QR, per-item states, review, revoke. */
export function SharePanel({ collectionId, title }: { collectionId: string; title: string }) {
  const [portal, setPortal] = useState<PortalState | null>(null);
  const [shares, setShares] = useState<ShareSummary[]>([]);
  // One error line for both: a failed refresh shows until the next button press clears it.
  const { error, setError, act } = useAction(() => refresh());
  const refresh = useCallback(async () => {
    try {
      setPortal(await ask('sharing.portal'));
      setShares(await ask('sharing.list', { collectionId }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [collectionId, setError]);
  useEffect(() => {
    void refresh();
    // A share revoked or expired in the portal's owner pages shows so here as soon as the panel opens, and a
    // revocation the owner can still undo there once it is final.
    let recheck: ReturnType<typeof setTimeout> | undefined;
    const follow = () =>
      ask('sharing.followPortal')
        .then((r) => {
          if (r.recheckAt) recheck = setTimeout(follow, Math.max(0, r.recheckAt - Date.now()) + 500);
          return refresh();
        })
        .catch(() => undefined);
    void follow();
    const timer = setInterval(() => void refresh(), 2000);
    return () => {
      clearInterval(timer);
      clearTimeout(recheck);
    };
  }, [refresh]);
  return (
    <section className="share-panel" data-testid="share-panel" aria-label="Sharing">
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {shares.length > 0 && (
        <div className="share-list">
          {shares.map((s) => (
            <ShareCard key={s.id} share={s} act={act} />
          ))}
        </div>
      )}
      {portal && !portal.paired ? (
        <PortalConnect portal={portal} act={act} />
      ) : (
        <NewShareForm collectionId={collectionId} title={title} act={act} />
      )}
    </section>
  );
}

export type Act = (f: () => Promise<unknown>) => () => Promise<void>;

function PortalConnect({ portal, act }: { portal: PortalState; act: Act }) {
  const [origin, setOrigin] = useState(portal.origin ?? 'https://');
  return (
    <form className="panel share-form" data-testid="portal-connect" onSubmit={(e) => e.preventDefault()}>
      <h2>Connect to your share portal</h2>
      <p className="muted small">
        Sharing publishes links to your own clouds through a portal you sign in to. Photos are never copied there.
      </p>
      <label className="field">
        Portal address
        <input value={origin} onChange={(e) => setOrigin(e.target.value)} />
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          onClick={act(async () => {
            await ask('sharing.setPortal', { origin });
            await ask('sharing.pair');
          })}
        >
          Connect to portal
        </button>
      </div>
    </form>
  );
}

const KIND_WORDS: Record<string, string> = {
  link: 'Link',
  gallery: 'Gallery',
  family: 'Named people',
  event: 'Event contribution',
};

/** Per-item states in words; approval states come from the event owner's decision on the portal. */
const STATE_WORDS: Record<string, { text: string; tone: string }> = {
  published: { text: 'Shared', tone: 'ok' },
  pending: { text: 'Going out', tone: 'busy' },
  review: { text: 'Waiting for your review', tone: 'warn' },
  failed: { text: 'Failed', tone: 'bad' },
  withdrawing: { text: 'Being withdrawn', tone: 'busy' },
  withdrawn: { text: 'Withdrawn', tone: '' },
  approved: { text: 'Approved', tone: 'ok' },
  rejected: { text: 'Rejected', tone: 'bad' },
  awaiting: { text: 'Awaiting approval', tone: 'warn' },
};
const stateWords = (s: string) => STATE_WORDS[s] ?? { text: s, tone: '' };

const SHARE_STATE: Record<string, { text: string; tone: string }> = {
  active: { text: 'Active', tone: 'ok' },
  revoked: { text: 'Revoked', tone: 'bad' },
  expired: { text: 'Expired', tone: 'warn' },
};

function ShareCard({ share, act }: { share: ShareSummary; act: Act }) {
  const ui = useUi();
  const [items, setItems] = useState<ShareItemState[] | null>(null);
  const toReview = (items ?? []).filter((i) => i.state === 'review').map((i) => i.itemKey);
  const load = async () => setItems(await ask('sharing.items', { shareId: share.id }));
  const state = SHARE_STATE[share.state] ?? { text: share.state, tone: '' };
  const counts = Object.entries(share.counts).filter(([, n]) => n > 0);
  return (
    <article className="share-card panel" data-testid="share-card" data-share-id={share.id} data-state={share.state}>
      <header className="share-card-head">
        <Link2 size={18} aria-hidden="true" />
        <strong>{share.title}</strong>
        <span className="pill">{KIND_WORDS[share.kind] ?? share.kind}</span>
        <span className={`pill ${state.tone}`} data-testid="share-state" data-value={share.state}>
          {state.text}
        </span>
        {share.expiresAt && (
          <span className="muted small">
            {share.expiresAt > Date.now() ? 'until' : 'ended'} {new Date(share.expiresAt).toLocaleDateString()}
          </span>
        )}
      </header>
      <p className="share-counts small" data-testid="share-counts">
        {counts.length === 0 && <span className="muted">Nothing published yet</span>}
        {counts.map(([k, n]) => (
          <span key={k} data-count={k} className={`pill ${stateWords(k).tone}`}>
            {n.toLocaleString()} {stateWords(k).text.toLowerCase()}
          </span>
        ))}
      </p>
      {share.approvals && (
        <p className="share-approvals" data-testid="share-approvals" aria-label="The organizer's decisions">
          {APPROVAL_LABELS.filter(([state]) => (share.approvals?.[state] ?? 0) > 0).map(([state, label]) => (
            <span key={state} className={`approval approval-${state}`} data-approval={state}>
              {label}: {share.approvals?.[state]}{' '}
            </span>
          ))}
        </p>
      )}
      {share.lastError && (
        <p className="alert" data-testid="share-error">
          {share.lastError}
        </p>
      )}
      {share.url && share.state === 'active' && <ShareLink url={share.url} title={share.title} />}
      <div className="form-actions">
        <button type="button" onClick={act(items ? async () => setItems(null) : load)} aria-expanded={!!items}>
          {items ? 'Hide items' : 'Show items'}
        </button>
        {(share.counts.failed ?? 0) > 0 && (
          <button type="button" onClick={act(() => ask('sharing.run', { shareId: share.id, retryFailed: true }))}>
            Retry failed
          </button>
        )}
        {toReview.length > 0 && (
          <button
            type="button"
            className="primary"
            onClick={act(async () => {
              await ask('sharing.review', { shareId: share.id, approve: toReview });
              await load();
            })}
          >
            Approve {toReview.length} new
          </button>
        )}
        <span className="spacer" />
        {share.state === 'active' && (
          <button
            type="button"
            className="danger ghost"
            onClick={async () => {
              const yes = await ui.confirm({
                title: `Revoke “${share.title}”?`,
                body: 'The link stops working for everyone at once, and the links to your files are withdrawn. This cannot be undone; you can share again with a new link.',
                confirmLabel: 'Revoke',
                danger: true,
              });
              if (yes) await act(() => ask('sharing.revoke', { shareId: share.id }))();
            }}
          >
            Revoke
          </button>
        )}
      </div>
      {items && (
        <ul className="share-items" data-testid="share-problems">
          {items.map((p) => (
            <li key={p.itemKey} data-item-key={p.itemKey} data-state={p.state}>
              <span className="share-item-name">{p.name ?? 'Unnamed item'}</span>
              <span className={`pill ${stateWords(p.state).tone}`}>{stateWords(p.state).text}</span>
              {p.reason && <span className="muted small">{p.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The link with a copy button, and its QR code at a size a phone reads, downloadable as a PNG. */
function ShareLink({ url, title }: { url: string; title: string }) {
  const [copied, setCopied] = useState(false);
  const ui = useUi();
  return (
    <div className="share-link">
      <div className="share-link-text">
        <div className="copy-field">
          <input readOnly value={url} aria-label="Share link" onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="primary"
            onClick={async () => {
              await navigator.clipboard.writeText(url);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? <Check size={15} aria-hidden="true" /> : <Copy size={15} aria-hidden="true" />}
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <a href={url} target="_blank" rel="noreferrer" data-testid="share-url" className="small">
          Open the guest view
        </a>
      </div>
      <div className="qr-box">
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: uqr renders an SVG from the URL alone, no user markup */}
        <div className="qr" data-testid="share-qr" dangerouslySetInnerHTML={{ __html: renderSVG(url) }} />
        <button
          type="button"
          className="ghost small"
          onClick={() =>
            qrPng(url).then(
              (png) => saveBlob(png, `${title.replace(/[^\w\- ]+/g, '').trim() || 'share'} QR.png`),
              (e: unknown) => ui.toast({ text: `Could not make the PNG: ${errorText(e)}`, tone: 'error' }),
            )
          }
        >
          <Download size={14} aria-hidden="true" /> PNG
        </button>
      </div>
    </div>
  );
}
