import { useState } from 'react';
import { db } from '../../db';
import { addSource } from './registry';
import { ask } from '../../protocol';

const DEMO = __HYPOMOS_DEMO__ === '1';

/** "Connect…": OneDrive, Google Drive, Azure Blob (container SAS), a local folder, and in the demo build the local contract servers. */
export function ConnectPanel({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sasUrl, setSasUrl] = useState('');
  const [accountKey, setAccountKey] = useState('');

  const run = (task: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await task();
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // The background runs the browser sign-in (identity.launchWebAuthFlow) and keeps the tokens.
  const oauth = (kind: 'onedrive' | 'gdrive', name: string) => run(() => ask('sources.connect', { kind, name }));

  const blob = run(async () => {
    const url = new URL(sasUrl.trim());
    if (!url.searchParams.has('sig'))
      throw new Error('Paste the container SAS URL (it ends with a query string containing sig=…).');
    const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? 'Azure Blob');
    // The SAS and key are credentials: they go to extension storage, not into the source row.
    const secrets = { sas: url.search.slice(1), ...(accountKey.trim() ? { accountKey: accountKey.trim() } : {}) };
    await ask('sources.add', {
      kind: 'azblob',
      name,
      config: { containerUrl: `${url.origin}${url.pathname}` },
      secrets,
    });
  });

  const local = run(async () => {
    if (!('showDirectoryPicker' in window))
      throw new Error('This browser cannot open local folders (File System Access API).');
    const handle = await (
      window as unknown as { showDirectoryPicker(o: object): Promise<FileSystemDirectoryHandle> }
    ).showDirectoryPicker({ mode: 'read' });
    // Handles are structured-cloneable into IndexedDB but not through runtime messages: store it here.
    const source = await addSource(db, { kind: 'local', name: handle.name, config: {} });
    await db.dirHandles.put({ sourceId: source.id, handle });
    await ask('sources.sync', { sourceId: source.id });
  });

  const demo = run(() => ask('sources.connectDemo'));

  return (
    <section className="connect-panel" aria-label="Connect a source">
      <div className="row">
        <button type="button" disabled={busy} onClick={oauth('onedrive', 'OneDrive')}>
          Sign in to OneDrive
        </button>
        <button type="button" disabled={busy} onClick={oauth('gdrive', 'Google Drive')}>
          Sign in to Google Drive
        </button>
        <button type="button" disabled={busy} onClick={local}>
          Local folder…
        </button>
      </div>
      <p className="hint">A local or NAS folder is indexed and browsed here, but its files cannot be shared by link.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void blob();
        }}
      >
        <label>
          Azure Blob container SAS URL{' '}
          <input
            name="sasUrl"
            value={sasUrl}
            onChange={(e) => setSasUrl(e.target.value)}
            placeholder="https://account.blob.core.windows.net/photos?sv=…&sig=…"
            size={50}
          />
        </label>
        <label>
          Account key (optional, for longer-lived links){' '}
          <input name="accountKey" type="password" value={accountKey} onChange={(e) => setAccountKey(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !sasUrl}>
          Connect Blob
        </button>
      </form>
      {DEMO && (
        <div className="row">
          <button type="button" disabled={busy} onClick={demo}>
            Demo OneDrive, Google Drive and Blob
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
