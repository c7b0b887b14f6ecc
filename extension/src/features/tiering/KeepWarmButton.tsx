import { Flame, Snowflake } from 'lucide-react';
import type { HypomosDb } from '../../db';
import { useLive } from '../library';
import { keepWarmState, setKeepWarm } from './keep-warm';
import './tiering.css';

/**
 * The lightbox's "Keep warm" toggle for the open item. Pinned, a cold item moves back to the warm source at the next
 * tiering run, and a hot one is never moved to cold. An item kept warm by a pinned tag or collection says so; that
 * pin is undone on the Tiering page.
 */
export function KeepWarmButton({ db, itemKey }: { db: HypomosDb; itemKey: string }) {
  const state = useLive(() => keepWarmState(db, itemKey), [db, itemKey], null);
  if (!state) return null;
  const { pinned, pinnedBy, cold } = state;
  const warm = pinned || pinnedBy !== null;
  const label = warm
    ? `Kept warm${!pinned && pinnedBy ? ` by ${pinnedBy}` : ''}${cold ? ' · back at the next run' : ''}`
    : cold
      ? 'In cold storage · Keep warm'
      : 'Keep warm';
  const Icon = !warm && cold ? Snowflake : Flame;
  return (
    <button
      type="button"
      className={`keep-warm ${warm ? 'on' : ''}`}
      aria-pressed={warm}
      disabled={!pinned && pinnedBy !== null}
      title={
        !pinned && pinnedBy
          ? `${pinnedBy} is pinned on the Tiering page`
          : warm
            ? 'Stop keeping it warm: old and idle, it may move to cold storage again'
            : cold
              ? 'Move it back to a hot source at the next tiering run'
              : 'Never move it to cold storage'
      }
      data-testid="lightbox-keep-warm"
      data-cold={cold}
      onClick={() => void setKeepWarm(db, itemKey, !pinned)}
    >
      <Icon size={14} aria-hidden="true" />
      {label}
    </button>
  );
}
