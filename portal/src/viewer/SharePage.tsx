import type { PublicShare } from '@hypomos/shared/api/public';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure, client, messageOf, ok, setUnlockToken } from '../api/client';
import { shareSource } from './source';
import { StatusPage } from './StatusPage';
import { ViewerPage } from './ViewerPage';

/** `/s/<token>`: a share link or a photographer's gallery, behind its passcode when it has one. */
export function SharePage({ token }: { token: string }) {
  const [share, setShare] = useState<PublicShare | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const load = useCallback(async () => {
    try {
      setShare(await ok(client.api.public.shares[':token'].$get({ param: { token } })));
    } catch (err) {
      setFailure(err instanceof ApiFailure ? err : new ApiFailure(0, 'network', messageOf(err)));
    }
  }, [token]);
  useEffect(() => {
    void load();
  }, [load]);
  const source = useMemo(() => (share?.unlocked ? shareSource(token) : null), [share?.unlocked, token]);

  if (failure) return <StatusPage failure={failure} />;
  if (!share) return <p className="muted loading">Loading…</p>;
  if (!share.unlocked || !source) return <PasscodePrompt token={token} onUnlocked={load} />;
  return (
    <ViewerPage
      source={source}
      title={share.title}
      expiresAt={share.expiresAt}
      allowDownload={share.allowDownload}
      offerZip={share.kind === 'gallery' || share.allowDownload}
      noun={share.kind === 'gallery' ? 'gallery' : 'share'}
    />
  );
}

function PasscodePrompt({ token, onUnlocked }: { token: string; onUnlocked: () => Promise<void> }) {
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { unlockToken } = await ok(
        client.api.public.shares[':token'].unlock.$post({ param: { token }, json: { passcode } }),
      );
      setUnlockToken(token, unlockToken);
      await onUnlocked();
    } catch (err) {
      setError(
        err instanceof ApiFailure && err.code === 'wrong_passcode'
          ? 'That passcode is not right. Try again.'
          : messageOf(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="status-page">
      <h1>This share is protected</h1>
      <form onSubmit={submit} className="passcode">
        <label>
          Passcode{' '}
          <input
            type="password"
            value={passcode}
            onChange={(e) => setPasscode(e.target.value)}
            autoComplete="off"
            required
          />
        </label>
        <button type="submit" disabled={busy || !passcode}>
          Open
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
