import { useCallback, useEffect, useState } from 'react';
import { renderSVG } from 'uqr';
import { askSharing } from './client';
import type { ShareItemState, ShareSummary } from './messages';
import { errorText, type PortalState, useAction } from './use-action';

/** Sharing of one collection: portal pairing, creating a share, its link + QR, per-item failures, review, revoke. */
export function SharePanel({ collectionId, title }: { collectionId: string; title: string }) {
  const [portal, setPortal] = useState<PortalState | null>(null);
  const [shares, setShares] = useState<ShareSummary[]>([]);
  // One error line for both: a failed refresh shows until the next button press clears it.
  const { error, setError, act } = useAction(() => refresh());
  const refresh = useCallback(async () => {
    try {
      setPortal(await askSharing<PortalState>({ type: 'sharing.portal' }));
      setShares(await askSharing<ShareSummary[]>({ type: 'sharing.list', collectionId }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [collectionId, setError]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <section className="share-panel" data-testid="share-panel" aria-label="Sharing">
      <h2>Sharing</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {portal && !portal.paired ? (
        <PortalConnect portal={portal} act={act} />
      ) : (
        <NewShare collectionId={collectionId} title={title} act={act} />
      )}
      {shares.map((s) => (
        <ShareCard key={s.id} share={s} act={act} />
      ))}
    </section>
  );
}

type Act = (f: () => Promise<unknown>) => () => Promise<void>;

function PortalConnect({ portal, act }: { portal: PortalState; act: Act }) {
  const [origin, setOrigin] = useState(portal.origin ?? 'https://');
  return (
    <form data-testid="portal-connect" onSubmit={(e) => e.preventDefault()}>
      <label>
        Portal address <input value={origin} onChange={(e) => setOrigin(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={act(async () => {
          await askSharing({ type: 'sharing.setPortal', origin });
          await askSharing({ type: 'sharing.pair' });
        })}
      >
        Connect to portal
      </button>
    </form>
  );
}

function NewShare({ collectionId, title, act }: { collectionId: string; title: string; act: Act }) {
  const [kind, setKind] = useState<'link' | 'gallery' | 'family'>('link');
  const [expires, setExpires] = useState('');
  const [includePlace, setIncludePlace] = useState(false);
  const [review, setReview] = useState(false);
  const [recipients, setRecipients] = useState('');
  const [eventLink, setEventLink] = useState('');
  const create = act(() =>
    askSharing({
      type: 'sharing.create',
      collectionId,
      kind,
      title,
      includePlace,
      review,
      expiresAt: expires ? Date.parse(`${expires}T23:59:59`) : null,
      recipients: kind === 'family' ? recipients.split(/[\s,;]+/).filter(Boolean) : [],
    }),
  );
  return (
    <form data-testid="new-share" onSubmit={(e) => e.preventDefault()}>
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="link">Link</option>
          <option value="gallery">Gallery (expires)</option>
          <option value="family">Named people</option>
        </select>
      </label>
      <label>
        Expires <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={includePlace} onChange={(e) => setIncludePlace(e.target.checked)} /> Include
        place names
      </label>
      <label>
        <input type="checkbox" checked={review} onChange={(e) => setReview(e.target.checked)} /> Review new matches
        before they go out
      </label>
      {kind === 'family' && (
        <label>
          Accounts (e-mail) <input value={recipients} onChange={(e) => setRecipients(e.target.value)} />
        </label>
      )}
      <button type="button" onClick={create}>
        Share
      </button>
      <label>
        Event link{' '}
        <input value={eventLink} onChange={(e) => setEventLink(e.target.value)} placeholder="https://…/e/…" />
      </label>
      <button
        type="button"
        disabled={!eventLink}
        onClick={act(() => askSharing({ type: 'sharing.joinEvent', input: eventLink, collectionId }))}
      >
        Contribute to event
      </button>
    </form>
  );
}

function ShareCard({ share, act }: { share: ShareSummary; act: Act }) {
  const [items, setItems] = useState<ShareItemState[] | null>(null);
  const problems = (items ?? []).filter(
    (i) => i.state === 'failed' || i.state === 'review' || (i.reason && i.state !== 'published'),
  );
  const toReview = (items ?? []).filter((i) => i.state === 'review').map((i) => i.itemKey);
  const load = async () => setItems(await askSharing<ShareItemState[]>({ type: 'sharing.items', shareId: share.id }));
  return (
    <article className="share-card" data-testid="share-card" data-share-id={share.id} data-state={share.state}>
      <header>
        <strong>{share.title}</strong> <span>{share.kind}</span> <span data-testid="share-state">{share.state}</span>
        {share.expiresAt && <small> until {new Date(share.expiresAt).toLocaleDateString()}</small>}
      </header>
      <p data-testid="share-counts">
        {Object.entries(share.counts).map(([k, n]) => (
          <span key={k} data-count={k}>
            {k}: {n}{' '}
          </span>
        ))}
      </p>
      {share.lastError && (
        <p className="error" data-testid="share-error">
          {share.lastError}
        </p>
      )}
      {share.url && share.state === 'active' && (
        <div className="share-link">
          <a href={share.url} target="_blank" rel="noreferrer" data-testid="share-url">
            {share.url}
          </a>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: uqr renders an SVG from the URL alone, no user markup */}
          <div className="qr" data-testid="share-qr" dangerouslySetInnerHTML={{ __html: renderSVG(share.url) }} />
        </div>
      )}
      <button type="button" onClick={act(load)}>
        Details
      </button>
      <button
        type="button"
        onClick={act(() => askSharing({ type: 'sharing.run', shareId: share.id, retryFailed: true }))}
      >
        Retry failed
      </button>
      {share.state === 'active' && (
        <button type="button" onClick={act(() => askSharing({ type: 'sharing.revoke', shareId: share.id }))}>
          Revoke
        </button>
      )}
      {toReview.length > 0 && (
        <button
          type="button"
          onClick={act(async () => {
            await askSharing({ type: 'sharing.review', shareId: share.id, approve: toReview });
            await load();
          })}
        >
          Approve {toReview.length} new
        </button>
      )}
      {problems.length > 0 && (
        <ul data-testid="share-problems">
          {problems.map((p) => (
            <li key={p.itemKey} data-item-key={p.itemKey} data-state={p.state}>
              {p.name ?? p.itemKey}: {p.state}
              {p.reason ? ` — ${p.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
