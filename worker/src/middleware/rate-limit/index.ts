import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RateBucket, RateLimit } from '../../deps';
import type { AppEnv, Env } from '../../env';
import { ApiError } from '../../errors';
import { sha256Hex } from '../../repositories/crypto';

/**
 * Fixed windows per client address (hashed, never stored plain):
 * - `token`: failed token look-ups (unknown share/event token, wrong passcode, bad pairing code), so guessing
 *   is slowed to a crawl while a viewer that browses a real share is not;
 * - `viewer`: every anonymous viewer request, a generous cap against floods (a viewer posts stats and dead-link
 *   reports as it goes);
 * - `signin`: every sign-in start and callback.
 * Over a limit: 429 with Retry-After in seconds.
 */
const DEFAULTS: Record<RateBucket, RateLimit> = {
  token: { limit: 30, windowMs: 60_000 },
  viewer: { limit: 6000, windowMs: 60_000 },
  signin: { limit: 30, windowMs: 60_000 },
};
const ENV_KEY = { token: 'RATE_LIMIT_TOKEN', viewer: 'RATE_LIMIT_VIEWER', signin: 'RATE_LIMIT_SIGNIN' } as const;

/** "limit/windowSeconds" from the env, else the default. */
export function limitFor(bucket: RateBucket, env: Env): RateLimit {
  const m = /^(\d+)\/(\d+)$/.exec(env[ENV_KEY[bucket]] ?? '');
  return m ? { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 } : DEFAULTS[bucket];
}

type C = Context<AppEnv>;

async function bucketKey(c: C, bucket: RateBucket) {
  return `${bucket}:${await sha256Hex(`rl:${c.req.header('cf-connecting-ip') ?? 'unknown'}`)}`;
}

function limited(c: C, windowEnd: number, now: number): never {
  const retryAfter = Math.max(1, Math.ceil((windowEnd - now) / 1000));
  c.header('Retry-After', String(retryAfter));
  throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s.`);
}

function limitOf(c: C, bucket: RateBucket) {
  return c.get('deps').rateLimits?.[bucket] ?? limitFor(bucket, c.env);
}

/** Counts every request in the bucket. */
export const rateLimit = (bucket: Exclude<RateBucket, 'token'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const limit = limitOf(c, bucket);
    const now = c.get('deps').now();
    const { count, windowEnd } = await c.get('repos').rateLimits.hit(await bucketKey(c, bucket), limit, now);
    if (count > limit.limit) limited(c, windowEnd, now);
    return next();
  });

/** A response that tells a guesser "wrong": unknown token (404), wrong passcode (401), unknown pairing code (400). */
export function isFailedLookup(path: string, status: number): boolean {
  if (status === 404) return true;
  if (status === 401) return path.endsWith('/unlock');
  return status === 400 && path === '/api/tokens/exchange';
}

/** Refuses an address whose failed look-ups this window reached the limit; counts the request if it fails. */
export const tokenGuard = createMiddleware<AppEnv>(async (c, next) => {
  const limit = limitOf(c, 'token');
  const repos = c.get('repos');
  const key = await bucketKey(c, 'token');
  const now = c.get('deps').now();
  const seen = await repos.rateLimits.peek(key, limit, now);
  if (seen.count >= limit.limit) limited(c, seen.windowEnd, now);
  try {
    await next();
  } finally {
    const status = c.res.status;
    if (isFailedLookup(c.req.path, status)) await repos.rateLimits.hit(key, limit, now);
  }
});
