import { createMiddleware } from 'hono/factory';
import type { RateBucket, RateLimit } from '../../deps';
import type { AppEnv, Env } from '../../env';
import { ApiError } from '../../errors';
import { sha256Hex } from '../../repositories/crypto';

const DEFAULTS: Record<RateBucket, RateLimit> = {
  token: { limit: 300, windowMs: 60_000 },
  signin: { limit: 30, windowMs: 60_000 },
};
const ENV_KEY = { token: 'RATE_LIMIT_TOKEN', signin: 'RATE_LIMIT_SIGNIN' } as const;

/** "limit/windowSeconds" from the env, else the default. */
export function limitFor(bucket: RateBucket, env: Env): RateLimit {
  const m = /^(\d+)\/(\d+)$/.exec(env[ENV_KEY[bucket]] ?? '');
  return m ? { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 } : DEFAULTS[bucket];
}

/**
 * Fixed-window limit per client address (hashed, never stored plain) for token look-ups and sign-in, so token
 * guessing and sign-in floods are slowed down. Over the limit: 429 with Retry-After in seconds.
 */
export const rateLimit = (bucket: RateBucket) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get('deps');
    const limit = deps.rateLimits?.[bucket] ?? limitFor(bucket, c.env);
    const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
    const now = deps.now();
    const { count, windowEnd } = await c.get('repos').rateLimits.hit(`${bucket}:${await sha256Hex(`rl:${ip}`)}`, limit, now);
    if (count > limit.limit) {
      const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
      c.header('Retry-After', String(retryAfter));
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s.`);
    }
    return next();
  });
