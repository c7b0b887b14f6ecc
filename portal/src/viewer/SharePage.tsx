import type { PublicProofing } from '@hypomos/shared/api/proofing';
import type { PublicItem, PublicShare } from '@hypomos/shared/api/public';
import { type ComponentProps, type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure, client, messageOf, ok, setUnlockToken } from '../api/client';
import { useFeedback } from './feedback/useFeedback';
import { shareSource } from './source';
import { StatusPage } from './StatusPage';
import { ProofingBar } from './proofing/ProofingBar';
import { useSelection } from './proofing/useSelection';
import { ViewerPage } from './ViewerPage';

/** Until the share is open (and its passcode given), no comments or reactions are asked for. */
const FEEDBACK_OFF = { comments: false, reactions: false };

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
  const feedback = useFeedback('share', token, share?.unlocked ? share.feedback : FEEDBACK_OFF);

  if (failure) return <StatusPage failure={failure} />;
  if (!share) return <p className="muted loading">Loading…</p>;
  if (!share.unlocked || !source) return <PasscodePrompt token={token} onUnlocked={load} />;
  const viewer = {
    source,
    title: share.title,
    expiresAt: share.expiresAt,
    allowDownload: share.allowDownload,
    downloads: share.downloads ?? (share.allowDownload ? ('original' as const) : ('none' as const)),
    relayAllowed: share.relay,
    offerZip: share.kind === 'gallery' || share.allowDownload,
    noun: share.kind === 'gallery' ? ('gallery' as const) : ('share' as const),
    feedback,
  };
  if (share.proofing) return <ProofingViewer token={token} proofing={share.proofing} viewer={viewer} />;
  return <ViewerPage {...viewer} />;
}

/** A gallery whose photographer asked the client to choose favourites. */
function ProofingViewer({
  token,
  proofing,
  viewer,
}: {
  token: string;
  proofing: PublicProofing;
  viewer: ComponentProps<typeof ViewerPage>;
}) {
  const state = useSelection(token, proofing);
  const [onlyPicked, setOnlyPicked] = useState(false);
  const { selection, isPicked, toggle } = state;
  const picks = useMemo(
    () => (selection ? { isPicked, toggle: (id: string) => void toggle(id), open: !selection.locked } : undefined),
    [selection, isPicked, toggle],
  );
  const itemFilter = useMemo(
    () => (onlyPicked ? (i: PublicItem) => isPicked(i.id) : undefined),
    [onlyPicked, isPicked],
  );
  return (
    <ViewerPage
      {...viewer}
      picks={picks}
      itemFilter={itemFilter}
      notice={<ProofingBar proofing={proofing} state={state} onlyPicked={onlyPicked} setOnlyPicked={setOnlyPicked} />}
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
