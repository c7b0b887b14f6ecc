import { useMemo } from 'react';
import { client, ok } from '../api/client';
import { Link } from '../router';
import { inboxSource } from '../viewer/source';
import { ViewerPage } from '../viewer/ViewerPage';
import { useLoad, when } from './useLoad';

/** Direct shares from other accounts: nothing shows until the recipient accepts it. */
export function InboxPage() {
  const inbox = useLoad(async () => (await ok(client.api.inbox.$get())).entries);
  const decide = async (id: string, action: 'accept' | 'decline') => {
    await ok(
      action === 'accept'
        ? client.api.inbox[':id'].accept.$post({ param: { id } })
        : client.api.inbox[':id'].decline.$post({ param: { id } }),
    );
    await inbox.reload();
  };
  return (
    <section>
      <h2>Shared with me</h2>
      {inbox.error && <p className="error">{inbox.error}</p>}
      {inbox.data?.length === 0 && <p className="muted">Nobody has shared anything with you yet.</p>}
      <ul className="plain">
        {inbox.data?.map((e) => (
          <li key={e.id} className="row" data-entry={e.id} data-status={e.status}>
            <span className="grow">
              {e.status === 'accepted' ? (
                <Link href={`/app/inbox/${e.id}`}>{e.title}</Link>
              ) : (
                <strong>{e.title}</strong>
              )}{' '}
              <span className="muted">
                from {e.ownerName} · {e.itemCount} items · {when(e.createdAt)} · {e.status}
              </span>
            </span>
            {e.status !== 'accepted' && (
              <button type="button" onClick={() => decide(e.id, 'accept')}>
                Accept
              </button>
            )}
            {e.status === 'pending' && (
              <button type="button" onClick={() => decide(e.id, 'decline')}>
                Decline
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
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
