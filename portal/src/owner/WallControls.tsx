import type { EventInfo, WallMode } from '@hypomos/shared/api/events';
import { useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { useUi } from '../ui/ui-context';

const SAYS: Record<WallMode, string> = {
  live: 'Showing approved photos as they arrive.',
  paused: 'Paused: the wall holds the photo it shows.',
  hidden: 'Hidden: the wall shows no photo.',
};
const TONE: Record<WallMode, string> = { live: 'ok', paused: 'warn', hidden: 'bad' };

/**
 * The organizer's remote for the live wall on the projector. The wall's address is the event link plus /wall; the
 * link itself is shown only when the event is created (only its hash is stored), so this says where to find it.
 */
export function WallControls({ event, onChanged }: { event: EventInfo; onChanged: (e: EventInfo) => void }) {
  const ui = useUi();
  const [busy, setBusy] = useState(false);
  const setMode = async (mode: WallMode) => {
    setBusy(true);
    try {
      onChanged(await ok(client.api.events[':id'].wall.$put({ param: { id: event.id }, json: { mode } })));
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const mode = event.wallMode;
  return (
    <section className="card wall-controls" aria-label="Live wall" data-wall-mode={mode}>
      <div className="wall-controls-text">
        <h2 className="card-title">
          Live wall <span className={`pill ${TONE[mode]}`}>{mode}</span>
        </h2>
        <p className="muted">
          {SAYS[mode]} Open your event link followed by <code>/wall</code> on a TV or projector.
        </p>
      </div>
      <div className="wall-buttons">
        {mode === 'paused' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => setMode('live')}>
            Resume
          </button>
        ) : (
          <button type="button" disabled={busy || mode === 'hidden'} onClick={() => setMode('paused')}>
            Pause
          </button>
        )}
        {mode === 'hidden' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => setMode('live')}>
            Show
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => setMode('hidden')}>
            Hide
          </button>
        )}
      </div>
    </section>
  );
}
