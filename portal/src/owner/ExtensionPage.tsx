import { client, ok } from '../api/client';
import { useLoad, when } from './useLoad';

/**
 * The browser extensions paired with this account. Pairing itself happens from the extension (it opens the worker's
 * /auth/pair consent page); here the owner sees and revokes the API tokens it produced.
 */
export function ExtensionPage() {
  const tokens = useLoad(async () => (await ok(client.api.tokens.$get())).tokens);
  const revoke = async (id: string) => {
    await ok(client.api.tokens[':id'].$delete({ param: { id } }));
    await tokens.reload();
  };
  return (
    <section>
      <h2>Paired extensions</h2>
      <p className="muted">Connect the Hypomos extension from its Sources page; it asks you here to allow it.</p>
      {tokens.error && <p className="error">{tokens.error}</p>}
      {tokens.data?.length === 0 && <p className="muted">No extension is paired.</p>}
      <ul className="plain">
        {tokens.data?.map((t) => (
          <li key={t.id} className="row">
            <span className="grow">
              {t.name}{' '}
              <span className="muted">
                paired {when(t.createdAt)} · last used {when(t.lastUsedAt)}
              </span>
            </span>
            <button type="button" onClick={() => revoke(t.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
