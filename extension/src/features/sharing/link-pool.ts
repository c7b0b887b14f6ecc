import { ProviderError } from '@hypomos/shared/providers/provider';
import { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from '@hypomos/shared/scan/retry';
import type { WaitClock } from '../../platform/clock';

/**
 * Bounded, per-source concurrency for provider calls made while publishing (one delegated link per item).
 *
 * Each source gets its own small pool, so one slow or throttling cloud does not hold back the others. A throttled
 * answer (429/503, Drive's rateLimitExceeded) pauses the whole source until its Retry-After has passed (or the
 * shared backoff when the server sent none): every call in flight for that source would hit the same limit, so
 * they all wait instead of spending their attempts. Other retryable failures (network) back off per call; anything
 * else is the caller's to record.
 */
export interface LinkPoolOptions {
  /** Calls in flight at once for a source. */
  concurrency: (sourceId: string) => number;
  clock: WaitClock;
  policy?: RetryPolicy;
  /** Told about every wait, e.g. for the share's progress line. */
  onRetry?: (sourceId: string, error: ProviderError, delayMs: number) => void;
}

interface SourceLane {
  active: number;
  waiting: (() => void)[];
  /** No call of this source starts before this time (Retry-After). */
  pausedUntil: number;
}

export class LinkPool {
  private readonly lanes = new Map<string, SourceLane>();
  constructor(private readonly opts: LinkPoolOptions) {}

  /** Runs `call` in the source's pool, retrying what retrying can fix; rejects with the last error otherwise. */
  async run<T>(sourceId: string, call: () => Promise<T>): Promise<T> {
    const lane = this.lane(sourceId);
    await this.acquire(sourceId, lane);
    try {
      for (let attempt = 1; ; attempt++) {
        await this.waitPause(lane);
        try {
          return await call();
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          const delay = retryDelayMs(error, attempt, this.opts.policy ?? defaultRetryPolicy);
          if (delay === null) throw error;
          this.opts.onRetry?.(sourceId, error, delay);
          if (error.kind === 'throttled') lane.pausedUntil = Math.max(lane.pausedUntil, this.opts.clock.now() + delay);
          else await this.opts.clock.sleep(delay);
        }
      }
    } finally {
      this.release(lane);
    }
  }

  /** Calls of a source running now (for tests and progress). */
  inFlight(sourceId: string): number {
    return this.lanes.get(sourceId)?.active ?? 0;
  }

  private lane(sourceId: string): SourceLane {
    let lane = this.lanes.get(sourceId);
    if (!lane) {
      lane = { active: 0, waiting: [], pausedUntil: 0 };
      this.lanes.set(sourceId, lane);
    }
    return lane;
  }

  private async acquire(sourceId: string, lane: SourceLane): Promise<void> {
    const limit = Math.max(1, this.opts.concurrency(sourceId));
    if (lane.active < limit) {
      lane.active++;
      return;
    }
    // The slot is handed over by release(), so `active` already counts this call when it resumes.
    await new Promise<void>((resolve) => lane.waiting.push(resolve));
  }

  private release(lane: SourceLane): void {
    const next = lane.waiting.shift();
    if (next) next();
    else lane.active--;
  }

  private async waitPause(lane: SourceLane): Promise<void> {
    for (;;) {
      const wait = lane.pausedUntil - this.opts.clock.now();
      if (wait <= 0) return;
      await this.opts.clock.sleep(wait);
    }
  }
}
