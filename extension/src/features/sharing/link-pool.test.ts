import { ProviderError } from '@hypomos/shared/providers/provider';
import { describe, expect, it } from 'vitest';
import { LinkPool } from './link-pool';

/** Virtual time: sleeping moves the clock forward (after letting other calls run), so nothing really waits. */
function virtualClock() {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    async sleep(ms: number) {
      clock.sleeps.push(ms);
      const until = clock.t + ms;
      await new Promise((r) => setImmediate(r));
      clock.t = Math.max(clock.t, until);
    },
  };
  return clock;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('LinkPool', () => {
  it('keeps at most the limit in flight per source, and sources do not wait for each other', async () => {
    const clock = virtualClock();
    const pool = new LinkPool({ concurrency: (s) => (s === 'a' ? 3 : 2), clock });
    const peak: Record<string, number> = { a: 0, b: 0 };
    const call = (s: string) => async () => {
      peak[s] = Math.max(peak[s]!, pool.inFlight(s));
      await tick();
      return s;
    };
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => pool.run('a', call('a'))),
      ...Array.from({ length: 9 }, () => pool.run('b', call('b'))),
    ]);
    expect(results.filter((r) => r === 'a')).toHaveLength(20);
    expect(peak).toEqual({ a: 3, b: 2 });
    expect(pool.inFlight('a')).toBe(0);
    expect(pool.inFlight('b')).toBe(0);
  });

  it('a throttled answer pauses every call of that source until Retry-After, then each is retried; other sources go on', async () => {
    const clock = virtualClock();
    const pool = new LinkPool({ concurrency: () => 4, clock });
    const starts: { source: string; at: number }[] = [];
    let throttleOnce = true;
    const call = (s: string) => async () => {
      starts.push({ source: s, at: clock.now() });
      await tick();
      if (s === 'od' && throttleOnce) {
        throttleOnce = false;
        throw new ProviderError('throttled', 'POST createLink → 429', 2000, 429);
      }
      return s;
    };
    const done = await Promise.all([
      ...Array.from({ length: 8 }, () => pool.run('od', call('od'))),
      ...Array.from({ length: 4 }, () => pool.run('gd', call('gd'))),
    ]);
    expect(done.filter((d) => d === 'od')).toHaveLength(8);
    // 8 successes plus the one throttled attempt.
    expect(starts.filter((s) => s.source === 'od')).toHaveLength(9);
    // The throttled call and the three beside it started at 0; every later one waited the full Retry-After.
    expect(starts.filter((s) => s.source === 'od' && s.at > 0).every((s) => s.at >= 2000)).toBe(true);
    expect(starts.filter((s) => s.source === 'gd').every((s) => s.at === 0)).toBe(true);
  });

  it('does not retry what retrying cannot fix, and frees the slot', async () => {
    const clock = virtualClock();
    const pool = new LinkPool({ concurrency: () => 1, clock });
    let calls = 0;
    await expect(
      pool.run('od', async () => {
        calls++;
        throw new ProviderError('not_found', 'gone', null, 404);
      }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    expect(calls).toBe(1);
    await expect(pool.run('od', async () => 'next')).resolves.toBe('next');
  });

  it('gives up on a source that keeps throttling after the policy allows, with the last error', async () => {
    const clock = virtualClock();
    const pool = new LinkPool({
      concurrency: () => 2,
      clock,
      policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    let calls = 0;
    await expect(
      pool.run('gd', async () => {
        calls++;
        throw new ProviderError('throttled', 'rateLimitExceeded', null, 403);
      }),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(calls).toBe(3);
    // No Retry-After: the shared exponential backoff (100, then 200 ms).
    expect(clock.now()).toBe(300);
  });
});
