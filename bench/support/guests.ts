// Public pages are read by many guests at once, each from their own address. Under `wrangler dev` a request's
// CF-Connecting-IP header is kept as sent, so the load is spread over guest addresses (198.18.0.0/15, the range for
// benchmarks) and each stays under the per-address viewer limit (VIEWER_LIMITER, 6000 a minute) as real guests do.
export const GUESTS = 256;

export const guestIp = (i: number) => `198.18.${(i >> 8) & 255}.${i & 255}`;

/** autocannon requests cycling over the paths, one guest address per entry. */
export function asGuests(paths: string[], guests = GUESTS) {
  return Array.from({ length: Math.max(paths.length, guests) }, (_, i) => ({
    method: 'GET' as const,
    path: paths[i % paths.length]!,
    headers: { 'cf-connecting-ip': guestIp(i % guests) },
  }));
}
