import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MediaView, useLibrary, useLibraryContext } from '../library';
import { shuffled } from './order';
import { likeItem, recordStat } from './stats';

const INTERVALS = [2, 3, 5, 8, 15];

/**
 * Fullscreen slideshow: → / space next, ← back, L like, K or P pause, S shuffle, Esc leave.
 * Every item shown counts a view; moving on before the interval ends counts a skip.
 */
export function Slideshow({ keys, title, onClose }: { keys: string[]; title: string; onClose: () => void }) {
  const { db, store, clock } = useLibraryContext();
  const { byKey } = useLibrary(store);
  const rootRef = useRef<HTMLDivElement>(null);
  const [shuffle, setShuffle] = useState(false);
  const order = useMemo(() => (shuffle ? shuffled(keys, Math.random) : keys), [keys, shuffle]);
  const [pos, setPos] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [seconds, setSeconds] = useState(5);
  const [liked, setLiked] = useState(false);
  const shownAt = useRef(0);
  const key = order[pos % Math.max(1, order.length)];

  useEffect(() => {
    rootRef.current?.requestFullscreen?.().catch(() => {
      // Fullscreen needs a user gesture some browsers did not see; the overlay still fills the window.
    });
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, []);
  // One view per item shown: this effect must not re-run when the catalog changes (a like patches it).
  useEffect(() => {
    if (!key) return;
    shownAt.current = clock.now();
    void recordStat(db, key, 'view', clock.now());
  }, [key, db, clock]);
  useEffect(() => {
    if (!key) return;
    setLiked(byKey.get(key)?.liked ?? false);
  }, [key, byKey]);

  const next = useCallback(
    (byUser: boolean) => {
      if (!key) return;
      if (byUser && clock.now() - shownAt.current < seconds * 1000) void recordStat(db, key, 'skip', clock.now());
      setPos((p) => (p + 1) % order.length);
    },
    [key, clock, seconds, db, order.length],
  );
  const current = key ? byKey.get(key) : undefined;
  // A video plays to its end, then the show moves on (onEnded below); photos follow the interval.
  const isVideo = current?.mediaType === 'video';
  useEffect(() => {
    if (!playing || order.length < 2 || isVideo) return;
    const t = setTimeout(() => next(false), seconds * 1000);
    return () => clearTimeout(t);
  }, [playing, seconds, next, order.length, isVideo]);
  const like = useCallback(async () => {
    if (!key) return;
    await likeItem(db, key, clock.now());
    await store.refresh([key]);
    setLiked(true);
  }, [key, db, clock, store]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = e.key.toLowerCase();
      if (k === 'escape') onClose();
      else if (k === 'arrowright' || k === ' ') {
        e.preventDefault();
        next(true);
      } else if (k === 'arrowleft') setPos((p) => (p - 1 + order.length) % order.length);
      else if (k === 'l') void like();
      else if (k === 'k' || k === 'p') setPlaying((p) => !p);
      else if (k === 's') setShuffle((s) => !s);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [next, like, onClose, order.length]);

  const item = current;
  return (
    <div
      ref={rootRef}
      className="slideshow"
      role="dialog"
      aria-label={`Slideshow: ${title}`}
      data-testid="slideshow"
      data-key={key}
    >
      {item && (
        <MediaView
          item={item}
          autoPlay={playing}
          onEnded={() => playing && order.length > 1 && next(false)}
          testId="slideshow"
        />
      )}
      <div className="slideshow-bar">
        <span data-testid="slideshow-position">
          {pos + 1} / {order.length}
        </span>
        <span className="slideshow-name">{item?.name}</span>
        <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button type="button" onClick={() => next(true)}>
          Skip →
        </button>
        <button type="button" onClick={() => void like()} aria-pressed={liked} data-testid="slideshow-like">
          {liked ? '♥ Liked' : '♡ Like'}
        </button>
        <label>
          <input type="checkbox" checked={shuffle} onChange={(e) => setShuffle(e.target.checked)} /> Shuffle
        </label>
        <label>
          Every{' '}
          <select aria-label="Interval" value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={onClose}>
          ✕ Close
        </button>
      </div>
    </div>
  );
}
