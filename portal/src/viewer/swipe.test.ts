import { describe, expect, it } from 'vitest';
import { swipeStep } from './swipe';

describe('swipeStep', () => {
  it('turns to the next item for a swipe to the left and to the previous one for a swipe to the right', () => {
    expect(swipeStep(-120, 10, 300, 390)).toBe(1);
    expect(swipeStep(120, -10, 300, 390)).toBe(-1);
  });

  it('ignores taps, short slow moves and mostly vertical moves', () => {
    expect(swipeStep(0, 0, 80, 390)).toBe(0);
    expect(swipeStep(-40, 0, 400, 390)).toBe(0);
    expect(swipeStep(-120, 100, 300, 390)).toBe(0);
  });

  it('takes a quick flick with less travel', () => {
    expect(swipeStep(-40, 5, 50, 390)).toBe(1);
  });

  it('needs no more than 80 px on a wide screen', () => {
    expect(swipeStep(-85, 0, 600, 1600)).toBe(1);
    expect(swipeStep(-60, 0, 600, 1600)).toBe(0);
  });
});
