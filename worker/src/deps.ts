/** Everything the app takes from the outside world besides bindings, so tests can pass their own clock or fetch. */
export interface Deps {
  /** Epoch milliseconds. */
  now: () => number;
  /** Used for OIDC discovery, token exchange and JWKS. */
  fetch: typeof fetch;
  /** Overrides the env-configured rate limits (tests engage them with small numbers). */
  rateLimits?: Partial<Record<RateBucket, RateLimit>>;
  /** Overrides the VIEWER_LIMITER binding (tests pass a binding with a small limit). */
  viewerLimiter?: ViewerLimiter;
}

/** D1-counted buckets; viewer floods go through the Rate Limiting binding instead. */
export type RateBucket = 'token' | 'signin' | 'feedback';
/** The Workers Rate Limiting binding's interface. */
export interface ViewerLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const defaultDeps = (): Deps => ({ now: () => Date.now(), fetch: (input, init) => fetch(input, init) });
