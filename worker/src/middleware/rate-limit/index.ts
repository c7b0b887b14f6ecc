import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RateBucket, RateLimit, ViewerLimiter } from '../../deps';
import type { AppEnv, Env } from '../../env';
import { ApiError } from '../../errors';
import { clientKeyOf } from '@hypomos/shared/sharing/client-address';
import { sha256Hex } from '../../repositories/crypto';

/**
 * Per client address (hashed, never stored plain; an IPv6 address counts as its /64, see clientKeyOf):
 * - `token`: failed token look-ups (unknown share/event token, wrong passcode, bad pairing code), so guessing
 *   is slowed to a crawl while a viewer that browses a real share is not. A D1 fixed-window counter: it is written
 *   only when a look-up fails, and must hold across locations, which a per-location limiter would not;
 * - viewer floods: every anonymous viewer request, through the Workers Rate Limiting binding (`VIEWER_LIMITER`
 *   in wrangler.toml; in-memory per location, no storage write), so a successful public read never writes D1;
 * - `signin`: every sign-in start and callback (D1 counter);
 * - `feedback`: every comment and reaction a viewer writes or deletes (D1 counter, issue 23).
 * Over a limit: 429 with Retry-After in seconds.
 */
const DEFAULTS: Record<RateBucket, RateLimit> = {
  token: { limit: 30, windowMs: 60_000 },
  signin: { limit: 30, windowMs: 60_000 },
  feedback: { limit: 30, windowMs: 60_000 },
};
const ENV_KEY = { token: 'RATE_LIMIT_TOKEN', signin: 'RATE_LIMIT_SIGNIN', feedback: 'RATE_LIMIT_FEEDBACK' } as const;
/** The binding's window (wrangler.toml `[ratelimits.simple] period`): only 10 or 60 s are allowed. */
const VIEWER_PERIOD_S = 60;

/** "limit/windowSeconds" from the env, else the default. */
export function limitFor(bucket: RateBucket, env: Env): RateLimit {
  const m = /^(\d+)\/(\d+)$/.exec(env[ENV_KEY[bucket]] ?? '');
  return m ? { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 } : DEFAULTS[bucket];
}

type C = Context<AppEnv>;

const addressHash = (c: C) => sha256Hex(`rl:${clientKeyOf(c.req.header('cf-connecting-ip') ?? 'unknown')}`);

/** A viewer of one share or event, for counting it once: its address (IPv6 /64) hashed with the scope's id. */
export const viewerKey = (c: C, scopeId: string) =>
  sha256Hex(`viewer:${scopeId}:${clientKeyOf(c.req.header('cf-connecting-ip') ?? 'unknown')}`);

async function bucketKey(c: C, bucket: RateBucket) {
  return `${bucket}:${await addressHash(c)}`;
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

function viewerLimiter(c: C): ViewerLimiter {
  const limiter = c.get('deps').viewerLimiter ?? c.env.VIEWER_LIMITER;
  if (!limiter) throw new ApiError(500, 'internal', 'The VIEWER_LIMITER binding is missing (wrangler.toml).');
  return limiter;
}

/** Every anonymous viewer request, counted by the Rate Limiting binding: no D1 read or write. */
export const viewerFloodLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { success } = await viewerLimiter(c).limit({ key: `viewer:${await addressHash(c)}` });
  if (!success) {
    // The binding does not say when its window ends; a full period is the honest upper bound.
    c.header('Retry-After', String(VIEWER_PERIOD_S));
    throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${VIEWER_PERIOD_S} s.`);
  }
  return next();
});

/**
 * A response that tells a guesser "wrong": unknown token (404), wrong passcode or proofing client token (401),
 * unknown pairing code (400).
 */
export function isFailedLookup(path: string, status: number): boolean {
  if (status === 404) return true;
  if (status === 401) return path.endsWith('/unlock') || path.includes('/proofing');
  return status === 400 && path === '/api/tokens/exchange';
}

/** Where a read route finds this address's failed look-ups in its own batch (no extra D1 round trip). */
export interface GuessingWindow {
  key: string;
  limit: RateLimit;
  now: number;
}

export async function guessingWindow(c: C): Promise<GuessingWindow> {
  return { key: await bucketKey(c, 'token'), limit: limitOf(c, 'token'), now: c.get('deps').now() };
}

/** 429 once this window's failed look-ups reached the limit (`count` read by the caller). */
export function refuseGuesser(c: C, w: GuessingWindow, count: number, windowEnd: number) {
  if (count >= w.limit.limit) limited(c, windowEnd, w.now);
}

/**
 * Counts the request against the guessing limit if it fails; for read routes that check the limit themselves,
 * in the same D1 batch as their token look-up (see repositories/public-reads.ts).
 */
export const countFailedLookups = createMiddleware<AppEnv>(async (c, next) => {
  try {
    await next();
  } finally {
    if (isFailedLookup(c.req.path, c.res.status)) {
      const w = await guessingWindow(c);
      await c.get('repos').rateLimits.hit(w.key, w.limit, w.now);
    }
  }
});

/**
 * For look-ups that check a secret (passcode, pairing code, QR of an event token): the request is counted before
 * the look-up, in one statement, so parallel guesses cannot pass the limit between a check and a count; the count
 * is refunded when the look-up did not fail.
 */
export const tokenGuard = createMiddleware<AppEnv>(async (c, next) => {
  const w = await guessingWindow(c);
  const limits = c.get('repos').rateLimits;
  const { count, windowEnd } = await limits.hit(w.key, w.limit, w.now);
  if (count > w.limit.limit) limited(c, windowEnd, w.now);
  try {
    await next();
  } finally {
    if (!isFailedLookup(c.req.path, c.res.status)) await limits.refund(w.key, w.limit, w.now);
  }
});
