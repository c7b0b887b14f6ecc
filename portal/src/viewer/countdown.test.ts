import { describe, expect, it } from 'vitest';
import { availableFor } from './countdown';

const HOUR = 3_600_000;
const now = Date.parse('2026-12-03T12:00:00Z');

describe('the expiry countdown', () => {
  it('counts whole days left, then hours, then says less than an hour', () => {
    expect(availableFor(now + 3 * 24 * HOUR + 5 * HOUR, now)).toBe('available for 3 more days');
    expect(availableFor(now + 24 * HOUR, now)).toBe('available for 1 more day');
    expect(availableFor(now + 23 * HOUR + 59 * 60_000, now)).toBe('available for 23 more hours');
    expect(availableFor(now + HOUR, now)).toBe('available for 1 more hour');
    expect(availableFor(now + 59 * 60_000, now)).toBe('available for less than an hour');
  });

  it('says nothing once the link has expired', () => {
    expect(availableFor(now, now)).toBeNull();
    expect(availableFor(now - HOUR, now)).toBeNull();
  });
});
