import { describe, expect, it } from 'vitest';
import { evictionPlan } from './lru';

describe('evictionPlan', () => {
  const entries = [
    { url: 'c', bytes: 30, lastUsedAt: 3 },
    { url: 'a', bytes: 30, lastUsedAt: 1 },
    { url: 'b', bytes: 30, lastUsedAt: 2 },
  ];
  it('keeps everything under the cap', () => {
    expect(evictionPlan(entries, 90)).toEqual([]);
  });
  it('drops the least recently used until the rest fits', () => {
    expect(evictionPlan(entries, 60)).toEqual(['a']);
    expect(evictionPlan(entries, 59)).toEqual(['a', 'b']);
    expect(evictionPlan(entries, 0)).toEqual(['a', 'b', 'c']);
  });
});
