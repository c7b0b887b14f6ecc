import type { TokenInfo } from '@hypomos/shared/api/account';
import { client, messageOf, ok } from '../api/client';
import { EmptyState } from '../ui/EmptyState';
import { useUi } from '../ui/ui-context';
import { useLoad, when } from './useLoad';

/**
 * The browser extensions paired with this account. Pairing itself happens from the extension (it opens the worker's
 * /auth/pair consent page); here the owner sees and revokes the API tokens it produced.
 */
export function ExtensionPage() {
  const ui = useUi();
  const tokens = useLoad(async () => (await ok(client.api.tokens.$get())).tokens);
  const revoke = async (t: TokenInfo) => {
    const yes = await ui.confirm({
      title: `Disconnect “${t.name}”?`,
      body: 'That extension can no longer publish or update your shares until you connect it again from its Settings. Links you already made keep working.',
      confirmLabel: 'Disconnect',
      danger: true,
    });
    if (!yes) return;
    try {
      await ok(client.api.tokens[':id'].$delete({ param: { id: t.id } }));
      await tokens.reload();
      ui.toast({ text: `“${t.name}” disconnected.` });
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  return (
    <>
      <header className="page-head">
        <div>
          <h1>Paired extensions</h1>
          <p>Connect the Hypomos extension from its Settings, under Portal; it asks you here to allow it.</p>
        </div>
      </header>
      {tokens.error && (
        <p className="alert" role="alert">
          {tokens.error}
        </p>
      )}
      {tokens.data?.length === 0 ? (
        <div className="card">
          <EmptyState icon="⚙" title="No extension is paired" testId="extensions-empty">
            Install the Hypomos extension, open Settings → Portal and press Connect to portal. You approve it here.
          </EmptyState>
        </div>
      ) : (
        <ul className="rows">
          {tokens.data?.map((t) => (
            <li key={t.id} data-token={t.id}>
              <div className="row-main">
                <span className="row-text">
                  <span className="row-title">{t.name}</span>
                  <span className="row-meta">
                    paired {when(t.createdAt)} · last used {when(t.lastUsedAt)} · expires {when(t.expiresAt)} unless
                    used
                  </span>
                </span>
                <button type="button" className="danger" onClick={() => revoke(t)}>
                  Revoke
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
