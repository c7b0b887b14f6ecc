import { type PointerEvent, useRef, useState } from 'react';

/** How far a finger must travel sideways to turn the page: a fifth of the width, at most 80 px. */
const distanceFor = (width: number) => Math.min(80, width / 5);
/** A quick flick turns the page with less travel (px per ms). */
const FLICK_SPEED = 0.5;
const FLICK_MIN = 30;

/**
 * The page a finger's move asks for: +1 (next) for a swipe to the left, -1 for one to the right, 0 when it was a tap,
 * mostly vertical, or too short and too slow.
 */
export function swipeStep(dx: number, dy: number, ms: number, width: number): -1 | 0 | 1 {
  if (Math.abs(dx) < 1.5 * Math.abs(dy)) return 0;
  const far = Math.abs(dx) >= distanceFor(width);
  const flick = Math.abs(dx) >= FLICK_MIN && Math.abs(dx) / Math.max(ms, 1) >= FLICK_SPEED;
  if (!far && !flick) return 0;
  return dx < 0 ? 1 : -1;
}

/**
 * Touch and pen swipes on an element (pointer events; the element needs `touch-action: pan-y pinch-zoom` so the
 * browser leaves sideways moves to us). The media follows the finger while it moves; the mouse keeps the buttons and
 * arrow keys.
 */
export function useSwipe(onStep: (step: -1 | 1) => void) {
  const start = useRef<{ id: number; x: number; y: number; t: number } | null>(null);
  const [dx, setDx] = useState(0);
  const end = (e: PointerEvent<HTMLElement>, cancelled: boolean) => {
    const s = start.current;
    if (!s || s.id !== e.pointerId) return;
    start.current = null;
    setDx(0);
    if (cancelled) return;
    const step = swipeStep(e.clientX - s.x, e.clientY - s.y, e.timeStamp - s.t, e.currentTarget.clientWidth);
    if (step) onStep(step);
  };
  return {
    offset: dx,
    handlers: {
      onPointerDown: (e: PointerEvent<HTMLElement>) => {
        if (e.pointerType === 'mouse' || !e.isPrimary) return;
        start.current = { id: e.pointerId, x: e.clientX, y: e.clientY, t: e.timeStamp };
        e.currentTarget.setPointerCapture?.(e.pointerId);
      },
      onPointerMove: (e: PointerEvent<HTMLElement>) => {
        const s = start.current;
        if (s && s.id === e.pointerId) setDx(e.clientX - s.x);
      },
      onPointerUp: (e: PointerEvent<HTMLElement>) => end(e, false),
      onPointerCancel: (e: PointerEvent<HTMLElement>) => end(e, true),
    },
  };
}
