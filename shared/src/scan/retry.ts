import type { ProviderError } from '../providers/provider';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * How long to wait before attempt `attempt + 1` after `error`, or null when retrying cannot help.
 * Throttling honours the server's Retry-After (which may be fractional seconds) and otherwise backs off
 * exponentially; network failures (connection reset, timeout) back off too. `attempt` counts from 1.
 */
export function retryDelayMs(
  error: Pick<ProviderError, 'kind' | 'retryAfterMs'>,
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  switch (error.kind) {
    case 'throttled':
      return error.retryAfterMs !== null && error.retryAfterMs >= 0
        ? Math.min(policy.maxDelayMs, error.retryAfterMs)
        : backoff;
    case 'network':
      return attempt < Math.min(policy.maxAttempts, 4) ? backoff : null;
    default:
      return null;
  }
}
