import { describe, expect, it } from 'vitest';
import { type Measured, monthly, PRICES, peak, type Usage } from './model';

const m: Measured = {
  d1TripsPerRead: 1,
  rowsReadFresh: 203,
  rowsReadCached: 3,
  rowsWrittenPerRead: 0,
  cpuMsPerRequest: 2,
};
const u: Usage = { readsPerView: 4, statsPostsPerView: 1, rowsPerStatsPost: 10, cacheHitRatio: 0.9 };

describe('scale model', () => {
  it('adds up a month of views in requests, D1 rows and money', () => {
    const r = monthly(1_000_000, m, u);
    expect(r.requests).toBe(150e6); // 30 M views × (4 reads + 1 post)
    expect(r.d1Queries).toBe(120e6 + 60e6); // one batch per read; a post is a batch plus its write
    expect(r.rowsRead).toBeCloseTo(120e6 * (0.9 * 3 + 0.1 * 203) + 30e6 * 3);
    expect(r.rowsWritten).toBe(300e6);
    expect(r.cpuMs).toBe(300e6);
    const usd = 5 + (140e6 / 1e6) * 0.3 + (270e6 / 1e6) * 0.02 + 0 /* rows read within 25 B */ + (250e6 / 1e6) * 1.0;
    expect(r.usd).toBeCloseTo(usd);
    // The check can fail: with no views only the base fee remains.
    expect(monthly(0, m, u).usd).toBe(PRICES.baseMonthly);
  });

  it('says how busy the writes keep one D1 primary at a peak', () => {
    const p = peak(10_000, 5, 30, m, 1);
    expect(p.requestsPerS).toBeCloseTo(2000 + 333.33, 1);
    expect(p.d1WritesPerS).toBeCloseTo(333.33, 1);
    expect(p.primaryBusy).toBeCloseTo(0.333, 2);
  });
});
