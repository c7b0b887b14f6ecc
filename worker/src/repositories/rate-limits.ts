import type { RateLimit } from '../deps';

export const PEEK_RATE_LIMIT = 'SELECT count FROM rate_limits WHERE key = ?1';

/** The fixed window `now` falls in, and the row key that counts it. */
export function windowOf(key: string, windowMs: number, now: number) {
  const windowStart = now - (now % windowMs);
  return { bucket: `${key}:${windowStart}`, windowEnd: windowStart + windowMs };
}

/** Fixed-window counters in D1: one upsert per counted request, returning the count so far in this window. */
export class RateLimitRepo {
  constructor(private readonly d1: D1Database) {}

  /** The count so far in the current window, without counting this request. */
  async peek(key: string, limit: RateLimit, now: number): Promise<{ count: number; windowEnd: number }> {
    const { bucket, windowEnd } = windowOf(key, limit.windowMs, now);
    const row = await this.d1.prepare(PEEK_RATE_LIMIT).bind(bucket).first<{ count: number }>();
    return { count: row?.count ?? 0, windowEnd };
  }

  /** Takes back one request counted in the window `now` falls in. */
  async refund(key: string, limit: RateLimit, now: number) {
    const { bucket } = windowOf(key, limit.windowMs, now);
    await this.d1.prepare('UPDATE rate_limits SET count = max(count - 1, 0) WHERE key = ?1').bind(bucket).run();
  }

  async hit(key: string, limit: RateLimit, now: number): Promise<{ count: number; windowEnd: number }> {
    const { bucket, windowEnd } = windowOf(key, limit.windowMs, now);
    const row = await this.d1
      .prepare(
        `INSERT INTO rate_limits (key, count, window_end) VALUES (?1, 1, ?2)
         ON CONFLICT(key) DO UPDATE SET count = count + 1 RETURNING count, window_end`,
      )
      .bind(bucket, windowEnd)
      .first<{ count: number; window_end: number }>();
    // Old windows are swept now and then so the table stays small without a cron.
    if (row?.count === 1 && Math.random() < 0.05) {
      await this.d1.prepare('DELETE FROM rate_limits WHERE window_end < ?1').bind(now).run();
    }
    return { count: row?.count ?? 1, windowEnd };
  }
}
