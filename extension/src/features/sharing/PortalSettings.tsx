import { useCallback, useEffect, useState } from 'react';
import { type PortalState, useAction } from './use-action';
import { ask } from '../../protocol';

/** Settings → Portal: the portal's address, "Connect to portal" (launchWebAuthFlow) and disconnecting (revokes the token). */
export function PortalSettings() {
  const [state, setState] = useState<PortalState | null>(null);
  const [origin, setOrigin] = useState('');
  const load = useCallback(async () => {
    const s = await ask('sharing.portal');
    setState(s);
    setOrigin((o) => o || s.origin || 'https://');
  }, []);
  useEffect(() => void load(), [load]);
  const { error, act } = useAction(load);
  return (
    <fieldset className="portal-settings" data-testid="portal-settings">
      <legend>Portal</legend>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        Address <input value={origin} onChange={(e) => setOrigin(e.target.value)} disabled={state?.paired} />
      </label>
      {state?.paired ? (
        <>
          <span data-testid="portal-paired">Connected to {state.origin}</span>
          <button type="button" onClick={act(() => ask('sharing.unpair'))}>
            Disconnect
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={act(async () => {
            await ask('sharing.setPortal', { origin });
            await ask('sharing.pair');
          })}
        >
          Connect to portal
        </button>
      )}
    </fieldset>
  );
}
