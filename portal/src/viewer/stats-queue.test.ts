import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { statsQueue } from './stats-queue';

describe('statsQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends events in one batch after the delay', () => {
    const sent: unknown[][] = [];
    const q = statsQueue(async (events) => void sent.push(events), 1000);
    q.record('a1234567890', 'viewed');
    q.record('a1234567890', 'liked');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([
      [
        { itemId: 'a1234567890', kind: 'viewed' },
        { itemId: 'a1234567890', kind: 'liked' },
      ],
    ]);
  });

  it('never sends more than 200 events per request and flushes on demand', () => {
    const sizes: number[] = [];
    const q = statsQueue(async (events) => void sizes.push(events.length), 1000);
    for (let i = 0; i < 450; i++) q.record(`item-${i}-xxxxx`, 'viewed');
    q.flush();
    expect(sizes).toEqual([200, 200, 50]);
  });

  it('drops a failed batch without throwing', async () => {
    const q = statsQueue(() => Promise.reject(new Error('offline')), 10);
    q.record('a1234567890', 'skipped');
    expect(() => q.flush()).not.toThrow();
    await vi.runAllTimersAsync();
  });
});
