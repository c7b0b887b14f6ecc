// `npx tsx bench/scale/simulate.ts`: the numbers of docs/scale.md, from the per-request costs the last
// `npm run bench portal` measured (bench/results/latest.json). Usage assumptions are the constants below.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Measured, monthly, peak, type Usage } from './model';

const USAGE: Usage = { readsPerView: 4, statsPostsPerView: 1, rowsPerStatsPost: 10, cacheHitRatio: 0.9 };
const QUERY_MS = 1; // D1's own example for a simple indexed statement (d1/platform/limits FAQ)

const latest = JSON.parse(readFileSync(join(import.meta.dirname, '../results/latest.json'), 'utf8')) as {
  figures: { name: string; value: number; measured?: string }[];
};
const value = (name: string) => {
  const f = latest.figures.find((x) => x.name === name);
  if (!f) throw new Error(`${name} is not in bench/results/latest.json: run npm run bench portal first`);
  return f.value;
};
const measured: Measured = {
  d1TripsPerRead: value('portal.d1_round_trips_per_public_read'),
  rowsReadFresh: value('portal.d1_rows_read_per_public_read'),
  rowsReadCached: value('portal.d1_rows_read_per_cached_public_read'),
  rowsWrittenPerRead: value('portal.d1_writes_per_public_read'),
  cpuMsPerRequest: value('portal.cpu_ms_per_public_read'),
};

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n.toFixed(n < 10 ? 2 : 0));
console.log('Measured per public read:', measured);
console.log('Usage assumptions:', USAGE, `query ${QUERY_MS} ms`);
for (const views of [100_000, 1_000_000, 10_000_000]) {
  const r = monthly(views, measured, USAGE);
  console.log(
    `| ${fmt(views)} views/day | ${fmt(r.requests)} requests | ${fmt(r.d1Queries)} D1 queries | ${fmt(r.rowsRead)} rows read | ${fmt(r.rowsWritten)} rows written | ${fmt(r.cpuMs)} CPU ms | $${r.usd.toFixed(2)}/month |`,
  );
}
for (const guests of [300, 10_000, 100_000]) {
  const p = peak(guests, 5, 30, measured, QUERY_MS);
  console.log(
    `| ${fmt(guests)} guests at once | ${fmt(p.requestsPerS)} req/s | ${fmt(p.d1ReadsPerS)} D1 reads/s | ${fmt(p.d1WritesPerS)} D1 writes/s | primary ${(p.primaryBusy * 100).toFixed(0)} % busy with writes |`,
  );
}
