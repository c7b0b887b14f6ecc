import type { PublicItem, PublicWall } from '@hypomos/shared/api/public';
import { WALL_POLL_MS } from '@hypomos/shared/sharing/wall';
import { type SyntheticEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure, client, messageOf, ok } from '../api/client';
import { fullSources, type MediaSource, posterOf } from './delivery-path';
import { StatusPage } from './StatusPage';
import { emptyPlaylist, following, type Playlist, shown, update } from './wall-playlist';
import './wall.css';

const SLIDE_MS = 8000;
/** A newly approved photo cuts the current one short, but never before it was seen this long. */
const MIN_SLIDE_MS = 4000;
const IDLE_MS = 3000;

const relayUrlOf = (token: string) => (itemId: string) =>
  `/api/relay/events/${encodeURIComponent(token)}/items/${encodeURIComponent(itemId)}`;

/** A still for the projector: the full photo (direct, then relay), or a video's poster frame. */
function stillSources(item: PublicItem, token: string): MediaSource[] {
  if (item.mediaType === 'image') return fullSources(item, relayUrlOf(token));
  const poster = posterOf(item);
  return poster ? [poster] : [];
}

/** Polls the wall feed; a changed ETag means a decision, contribution or wall mode changed. */
function useWallFeed(token: string) {
  const [wall, setWall] = useState<PublicWall | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  useEffect(() => {
    let stopped = false;
    let etag: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await client.api.public.events[':token'].wall.$get({ param: { token } });
        const tag = res.headers.get('etag');
        if (res.ok && tag !== null && tag === etag) await res.body?.cancel();
        else {
          const body = await ok(Promise.resolve(res));
          etag = tag;
          if (!stopped) setWall(body);
        }
      } catch (err) {
        // Gone or unknown ends the wall; a network blip or a busy moment only waits for the next poll.
        if (err instanceof ApiFailure && (err.status === 404 || err.status === 410)) {
          setFailure(err);
          return;
        }
        console.warn('wall poll failed:', messageOf(err));
      }
      if (!stopped) timer = setTimeout(poll, WALL_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);
  return { wall, failure };
}

interface Layer {
  id: string;
  sources: MediaSource[];
  at: number;
}

/** Hides the cursor and the controls while nobody moves the mouse. */
function useIdle() {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = setTimeout(() => setIdle(true), IDLE_MS);
    const wake = () => {
      setIdle(false);
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), IDLE_MS);
    };
    addEventListener('pointermove', wake);
    addEventListener('keydown', wake);
    return () => {
      clearTimeout(timer);
      removeEventListener('pointermove', wake);
      removeEventListener('keydown', wake);
    };
  }, []);
  return idle;
}

/**
 * `/e/<token>/wall`: the event's approved photos full screen for a projector. Newly approved photos join within one
 * poll and show next; photos that leave vanish at the next poll, even from the screen. It follows the organizer's
 * pause and hide. Memory stays flat for hours: two <img> elements take turns (only the one on screen and the one
 * being decoded hold pixels), and the feed itself is capped at the newest approvals (WALL_WINDOW).
 * `?names=off` hides the guests' names.
 */
export function WallPage({ token }: { token: string }) {
  const showNames = useMemo(() => new URLSearchParams(location.search).get('names') !== 'off', []);
  const { wall, failure } = useWallFeed(token);
  const [playlist, setPlaylist] = useState<Playlist>(emptyPlaylist);
  const [layers, setLayers] = useState<[Layer | null, Layer | null]>([null, null]);
  const [front, setFront] = useState<0 | 1>(0);
  const unshowable = useRef(new Set<string>());
  const shownAt = useRef(0);
  const first = useRef(true);
  const idle = useIdle();
  const byId = useMemo(() => new Map<string, PublicItem>((wall?.items ?? []).map((i) => [i.id, i])), [wall]);
  const mode = wall?.mode ?? 'live';

  useEffect(() => {
    if (!wall) return;
    const ids: string[] = wall.items.map((i) => i.id);
    for (const id of unshowable.current) if (!ids.includes(id)) unshowable.current.delete(id);
    setPlaylist((p) => update(p, ids, first.current));
    first.current = false;
  }, [wall]);

  const back: 0 | 1 = front === 0 ? 1 : 0;
  const advance = useCallback(() => {
    const id = following(playlist, unshowable.current);
    const item = id === null ? undefined : byId.get(id);
    if (!item || id === playlist.current) return;
    const sources = stillSources(item, token);
    if (sources.length === 0) {
      unshowable.current.add(item.id);
      setPlaylist((p) => ({ ...p }));
      return;
    }
    setLayers((l) => {
      const next: [Layer | null, Layer | null] = [...l];
      next[back] = { id: item.id, sources, at: 0 };
      return next;
    });
  }, [playlist, byId, token, back]);

  // An empty screen (start, or the photo on screen left) is filled at once, paused or not; a live wall moves on.
  const onScreen = playlist.current;
  const waiting = playlist.fresh.length > 0;
  useEffect(() => {
    if (!wall || mode === 'hidden') return;
    if (onScreen === null) return advance();
    if (mode !== 'live') return;
    const timer = setTimeout(advance, shownAt.current + (waiting ? MIN_SLIDE_MS : SLIDE_MS) - Date.now());
    return () => clearTimeout(timer);
  }, [wall, mode, onScreen, waiting, advance]);

  const loaded = (slot: 0 | 1) => (e: SyntheticEvent<HTMLImageElement>) => {
    const layer = layers[slot];
    if (!layer || slot === front) return;
    // decode() first, so the swap never shows a half-painted frame.
    e.currentTarget
      .decode()
      .catch(() => undefined)
      .then(() => {
        shownAt.current = Date.now();
        setFront(slot);
        setPlaylist((p) => shown(p, layer.id));
      });
  };
  const failed = (slot: 0 | 1) => () => {
    const layer = layers[slot];
    if (!layer) return;
    if (layer.at + 1 < layer.sources.length) {
      setLayers((l) => {
        const next: [Layer | null, Layer | null] = [...l];
        next[slot] = { ...layer, at: layer.at + 1 };
        return next;
      });
      return;
    }
    unshowable.current.add(layer.id);
    setLayers((l) => {
      const next: [Layer | null, Layer | null] = [...l];
      next[slot] = null;
      return next;
    });
    if (slot !== front) setPlaylist((p) => ({ ...p }));
  };

  if (failure) return <StatusPage failure={failure} />;
  const ids = playlist.ids;
  const current = onScreen === null ? undefined : byId.get(onScreen);
  const fullscreen = () => void document.documentElement.requestFullscreen?.().catch(() => undefined);
  return (
    <main
      className="wall"
      data-testid="wall"
      data-mode={mode}
      data-items={ids.join(' ')}
      data-showing={current?.id ?? ''}
      data-idle={idle || undefined}
    >
      {[0, 1].map((slot) => {
        const layer = layers[slot as 0 | 1];
        const source = layer?.sources[layer.at];
        const visible = slot === front && mode !== 'hidden' && layer !== null && layer.id === onScreen;
        return (
          <img
            key={slot}
            className="wall-photo"
            data-visible={visible || undefined}
            alt=""
            src={source?.url}
            referrerPolicy={source?.referrerPolicy}
            hidden={!source}
            onLoad={loaded(slot as 0 | 1)}
            onError={failed(slot as 0 | 1)}
          />
        );
      })}
      {wall && mode !== 'hidden' && current && showNames && current.contributorName && (
        <p className="wall-credit" key={current.id}>
          <span>Shared by</span> {current.contributorName}
        </p>
      )}
      {wall && mode !== 'hidden' && ids.length === 0 && (
        <div className="wall-message">
          <h1>{wall.title}</h1>
          <p>Photos appear here as soon as they are approved.</p>
        </div>
      )}
      {wall && mode === 'hidden' && (
        <div className="wall-message" data-testid="wall-hidden">
          <h1>{wall.title}</h1>
          <p>The photos will be back in a moment.</p>
        </div>
      )}
      {wall && (
        <aside className="wall-corner">
          <img src={`/api/public/events/${encodeURIComponent(token)}/qr.svg`} alt="" width={88} height={88} />
          <span>
            <strong>{wall.title}</strong>
            Scan to see every photo
          </span>
        </aside>
      )}
      {mode === 'paused' && <p className="wall-paused">Paused</p>}
      <button type="button" className="wall-fullscreen" onClick={fullscreen}>
        Full screen
      </button>
    </main>
  );
}
