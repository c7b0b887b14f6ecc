// The scale plan's arithmetic (docs/scale.md): what share views cost in requests, D1 rows and money, and how
// busy they keep one D1 database, from per-request costs measured by bench/portal.bench.ts. Pure functions.

/** Measured on one public read (bench/results/latest.json, portal.*). */
export interface Measured {
  d1TripsPerRead: number;
  rowsReadFresh: number;
  rowsReadCached: number;
  rowsWrittenPerRead: number;
  cpuMsPerRequest: number;
}

/** How guests use a share; assumptions, stated in docs/scale.md. */
export interface Usage {
  /** Reads per share view: page shell, share metadata, item pages. */
  readsPerView: number;
  /** Viewer statistics posts per view (each one D1 statement after the response). */
  statsPostsPerView: number;
  /** Distinct items per stats post: rows each post writes. */
  rowsPerStatsPost: number;
  /** Share of reads answered from the edge cache (same page, same version, same location). */
  cacheHitRatio: number;
}

/** Workers Paid and D1 list prices (USD), https://developers.cloudflare.com/workers/platform/pricing/ and /d1/platform/pricing/. */
export const PRICES = {
  baseMonthly: 5,
  requestsIncluded: 10e6,
  perMillionRequests: 0.3,
  cpuMsIncluded: 30e6,
  perMillionCpuMs: 0.02,
  rowsReadIncluded: 25e9,
  perMillionRowsRead: 0.001,
  rowsWrittenIncluded: 50e6,
  perMillionRowsWritten: 1.0,
} as const;

export interface Monthly {
  requests: number;
  d1Queries: number;
  rowsRead: number;
  rowsWritten: number;
  cpuMs: number;
  usd: number;
}

const over = (used: number, included: number, perMillion: number) => (Math.max(0, used - included) / 1e6) * perMillion;

/** A month (30 days) of `viewsPerDay` share views. */
export function monthly(viewsPerDay: number, m: Measured, u: Usage): Monthly {
  const views = viewsPerDay * 30;
  const reads = views * u.readsPerView;
  const posts = views * u.statsPostsPerView;
  const requests = reads + posts;
  const rowsPerRead = u.cacheHitRatio * m.rowsReadCached + (1 - u.cacheHitRatio) * m.rowsReadFresh;
  // A stats post is one read batch (the share check) plus one write statement after the response.
  const d1Queries = reads * m.d1TripsPerRead + posts * (m.d1TripsPerRead + 1);
  const rowsRead = reads * rowsPerRead + posts * m.rowsReadCached;
  const rowsWritten = reads * m.rowsWrittenPerRead + posts * u.rowsPerStatsPost;
  const cpuMs = requests * m.cpuMsPerRequest;
  const usd =
    PRICES.baseMonthly +
    over(requests, PRICES.requestsIncluded, PRICES.perMillionRequests) +
    over(cpuMs, PRICES.cpuMsIncluded, PRICES.perMillionCpuMs) +
    over(rowsRead, PRICES.rowsReadIncluded, PRICES.perMillionRowsRead) +
    over(rowsWritten, PRICES.rowsWrittenIncluded, PRICES.perMillionRowsWritten);
  return { requests, d1Queries, rowsRead, rowsWritten, cpuMs, usd };
}

export interface Peak {
  requestsPerS: number;
  /** Reads may go to replicas (Sessions API); writes only to the primary. */
  d1ReadsPerS: number;
  d1WritesPerS: number;
  /** Share of one D1 primary's time the writes take, at `queryMs` each (D1 runs one query at a time). */
  primaryBusy: number;
}

/** `guests` browsing at once, each making a read every `secondsPerRead` and a stats post every `secondsPerPost`. */
export function peak(
  guests: number,
  secondsPerRead: number,
  secondsPerPost: number,
  m: Measured,
  queryMs: number,
): Peak {
  const reads = guests / secondsPerRead;
  const posts = guests / secondsPerPost;
  const d1WritesPerS = posts;
  return {
    requestsPerS: reads + posts,
    d1ReadsPerS: (reads + posts) * m.d1TripsPerRead,
    d1WritesPerS,
    primaryBusy: (d1WritesPerS * queryMs) / 1000,
  };
}
