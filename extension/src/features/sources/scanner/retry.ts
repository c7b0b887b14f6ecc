import { ProviderError } from '@hypomos/shared/providers/provider';
import type { WaitClock } from '../../../platform/clock';
import { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from '@hypomos/shared/scan/retry';

export interface RetryOptions {
  clock: WaitClock;
  policy?: RetryPolicy;
  /** Told about every wait, so progress can show "throttled, retrying in 1.5 s". */
  onRetry?: (error: ProviderError, delayMs: number, attempt: number) => void;
}

/** Calls `fn` until it succeeds or fails in a way retrying cannot fix (see shared/scan/retry). */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const delay = retryDelayMs(error, attempt, opts.policy ?? defaultRetryPolicy);
      if (delay === null) throw error;
      opts.onRetry?.(error, delay, attempt);
      await opts.clock.sleep(delay);
    }
  }
}
