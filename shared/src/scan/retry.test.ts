import { describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/provider';
import { retryDelayMs } from './retry';
import { badgeText, etaMs, formatDuration } from './progress';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000 };

describe('retryDelayMs', () => {
  it('honours a fractional Retry-After exactly', () => {
    expect(retryDelayMs(new ProviderError('throttled', '429', 1500), 1, policy)).toBe(1500);
    expect(retryDelayMs(new ProviderError('throttled', '429', 250), 3, policy)).toBe(250);
  });
  it('backs off exponentially when throttled without Retry-After', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(new ProviderError('throttled', '503'), a, policy))).toEqual([
      100, 200, 400,
    ]);
  });
  it('caps the wait and gives up after the last attempt', () => {
    expect(retryDelayMs(new ProviderError('throttled', '429', 3_600_000), 1, policy)).toBe(10_000);
    expect(retryDelayMs(new ProviderError('throttled', '429', 10), 5, policy)).toBeNull();
  });
  it('retries network failures a few times only', () => {
    expect(retryDelayMs(new ProviderError('network', 'reset'), 1, policy)).toBe(100);
    expect(retryDelayMs(new ProviderError('network', 'reset'), 4, policy)).toBeNull();
  });
  it('does not retry errors retrying cannot fix', () => {
    for (const kind of ['unauthorized', 'gone', 'not_found', 'forbidden', 'bad_response'] as const) {
      expect(retryDelayMs(new ProviderError(kind, kind), 1, policy)).toBeNull();
    }
  });
});

describe('progress', () => {
  it('estimates time left from the rate so far', () => {
    expect(etaMs(100, 50, 10_000)).toBe(20_000);
    expect(etaMs(100, 0, 10_000)).toBeNull();
    expect(etaMs(0, 0, 0)).toBe(0);
  });
  it('fits counts into a badge', () => {
    expect([0, 7, 999, 1000, 1234, 12_345, 999_999, 2_500_000].map(badgeText)).toEqual([
      '',
      '7',
      '999',
      '1k',
      '1.2k',
      '12k',
      '999k',
      '2.5M',
    ]);
  });
  it('formats durations', () => {
    expect([4_000, 65_000, 3_725_000].map(formatDuration)).toEqual(['4s', '1m 5s', '1h 2m']);
  });
});
