import { useEffect, useState } from 'react';
import { fullSources } from './delivery-path';
import { Caption, type OverlayProps } from './Lightbox';
import { MediaView } from './MediaView';
import { focusOnMount, useKeys } from './useKeys';

const INTERVALS = [3, 5, 10, 20];

/**
 * Full-screen slideshow: autoplay at the chosen interval (videos play to their end), ← → to step, space to pause,
 * Esc to leave. Like and Skip are recorded as viewer statistics for the owner.
 */
export function Slideshow({ items, index, setIndex, close, record, heal }: OverlayProps) {
  const [playing, setPlaying] = useState(true);
  const [seconds, setSeconds] = useState(5);
  const [liked, setLiked] = useState<ReadonlySet<string>>(new Set());
  const item = items[index];
  const step = (d: number) => setIndex((index + d + items.length) % items.length);
  const like = () => {
    if (!item || liked.has(item.id)) return;
    setLiked(new Set(liked).add(item.id));
    record(item.id, 'liked');
  };
  const skip = () => {
    if (item) record(item.id, 'skipped');
    step(1);
  };
  useKeys([
    ['ArrowLeft', () => step(-1)],
    ['ArrowRight', () => step(1)],
    [' ', () => setPlaying((p) => !p)],
    ['Escape', close],
    ['l', like],
  ]);
  useEffect(() => {
    if (item) record(item.id, 'viewed');
  }, [item, record]);
  // Fetch the next photo while this one is shown, so autoplay never lands on a blank frame.
  const next = items[(index + 1) % items.length];
  useEffect(() => {
    const first = next?.mediaType === 'image' ? fullSources(next, heal.relayUrlOf)[0] : undefined;
    if (!first) return;
    const img = new Image();
    img.referrerPolicy = first.referrerPolicy;
    img.src = first.url;
  }, [next, heal]);
  useEffect(() => {
    if (!playing || !item || item.mediaType === 'video') return;
    const timer = setTimeout(() => setIndex((index + 1) % items.length), seconds * 1000);
    return () => clearTimeout(timer);
  }, [playing, item, index, items.length, seconds, setIndex]);
  if (!item) return null;
  return (
    <div
      className="overlay slideshow"
      role="dialog"
      aria-label="Slideshow"
      data-testid="slideshow"
      ref={focusOnMount}
      tabIndex={-1}
      data-playing={playing}
    >
      <MediaView item={item} autoPlay={playing} onEnded={() => playing && step(1)} heal={heal} />
      <div className="overlay-bar">
        <button type="button" onClick={() => step(-1)} aria-label="Previous">
          ←
        </button>
        <button type="button" onClick={() => setPlaying(!playing)}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => step(1)} aria-label="Next">
          →
        </button>
        <span className="counter">
          {index + 1} / {items.length}
        </span>
        <label>
          Every{' '}
          <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={like} aria-pressed={liked.has(item.id)}>
          {liked.has(item.id) ? '♥ Liked' : '♡ Like'}
        </button>
        <button type="button" onClick={skip}>
          Skip
        </button>
        <button type="button" onClick={close} aria-label="Close">
          ✕
        </button>
      </div>
      <Caption item={item} />
    </div>
  );
}
