/** Everything the app takes from the outside world besides bindings, so tests can pass their own clock or fetch. */
export interface Deps {
  /** Epoch milliseconds. */
  now: () => number;
  /** Used for OIDC discovery, token exchange and JWKS. */
  fetch: typeof fetch;
  /** Overrides the env-configured rate limits (tests engage them with small numbers). */
  rateLimits?: Partial<Record<RateBucket, RateLimit>>;
}

export type RateBucket = 'token' | 'viewer' | 'signin';
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const defaultDeps = (): Deps => ({ now: () => Date.now(), fetch: (input, init) => fetch(input, init) });
