import type { InboxEntry } from '@hypomos/shared/api/shares';
import { useMemo } from 'react';
import { client, messageOf, ok } from '../api/client';
import { Link } from '../router';
import { EmptyState } from '../ui/EmptyState';
import { useUi } from '../ui/ui-context';
import { inboxSource } from '../viewer/source';
import { ViewerPage } from '../viewer/ViewerPage';
import { useLoad, when } from './useLoad';

const TONE = { accepted: 'ok', pending: 'busy', declined: '' } as const;

/** Direct shares from other accounts: nothing shows until the recipient accepts it. */
export function InboxPage() {
  const ui = useUi();
  const inbox = useLoad(async () => (await ok(client.api.inbox.$get())).entries);
  const decide = async (e: InboxEntry, action: 'accept' | 'decline') => {
    try {
      await ok(
        action === 'accept'
          ? client.api.inbox[':id'].accept.$post({ param: { id: e.id } })
          : client.api.inbox[':id'].decline.$post({ param: { id: e.id } }),
      );
      await inbox.reload();
      // Declining is not final: the entry stays with an Accept button, so the toast says so instead of asking first.
      ui.toast({
        text:
          action === 'accept'
            ? `Accepted “${e.title}”: open it to see the photos.`
            : `Declined “${e.title}”. You can still accept it.`,
      });
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  return (
    <>
      <header className="page-head">
        <div>
          <h1>Shared with me</h1>
          <p>Collections other people shared with your account. Nothing opens until you accept it.</p>
        </div>
      </header>
      {inbox.error && (
        <p className="alert" role="alert">
          {inbox.error}
        </p>
      )}
      {inbox.data?.length === 0 ? (
        <div className="card">
          <EmptyState icon="✉" title="Your inbox is empty" testId="inbox-empty">
            Nobody has shared anything with you yet. Give friends the email address you sign in with: what they share
            with it lands here.
          </EmptyState>
        </div>
      ) : (
        <ul className="rows">
          {inbox.data?.map((e) => (
            <li key={e.id} data-entry={e.id} data-status={e.status}>
              <div className="row-main">
                <span className="row-text">
                  {e.status === 'accepted' ? (
                    <Link className="row-title" href={`/app/inbox/${e.id}`}>
                      {e.title}
                    </Link>
                  ) : (
                    <strong className="row-title">{e.title}</strong>
                  )}
                  <span className="row-meta">
                    <span className={`pill ${TONE[e.status]}`}>{e.status}</span>
                    from {e.ownerName} · {e.itemCount} {e.itemCount === 1 ? 'item' : 'items'} · {when(e.createdAt)}
                  </span>
                </span>
                <span className="row-actions">
                  {e.status !== 'accepted' && (
                    <button type="button" className="primary" onClick={() => decide(e, 'accept')}>
                      Accept
                    </button>
                  )}
                  {e.status === 'pending' && (
                    <button type="button" onClick={() => decide(e, 'decline')}>
                      Decline
                    </button>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function InboxViewer({ id }: { id: string }) {
  const source = useMemo(() => inboxSource(id), [id]);
  const inbox = useLoad(async () => (await ok(client.api.inbox.$get())).entries.find((e) => e.id === id) ?? null, id);
  return (
    <ViewerPage
      source={source}
      title={inbox.data?.title ?? ''}
      subtitle={inbox.data && <p className="muted">from {inbox.data.ownerName}</p>}
      expiresAt={null}
      allowDownload
      offerZip={false}
      noun="share"
    />
  );
}
