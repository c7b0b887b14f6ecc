// Share portal: pages through a 10,000-item shared collection on the public viewer route under `wrangler dev` on
// loopback with autocannon (50 connections from 256 guest addresses), against /api/health in the same run.
// Issue 21: what one public read costs D1 (round trips, rows read, rows written; the worker's x-d1-meter header)
// fresh and from the edge cache, against the owner's signed-in read of the same pages, and the CPU time of wrangler
// and workerd per request (/proc), against /api/health's.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { accountSeedSql, startWranglerDev } from '../dev-services/src/wrangler-dev';
import { type Figure, figure } from './figure';
import { asGuests, GUESTS } from './support/guests';
import { bearer, createShare, seedCollection } from './support/portal-seed';
import { processGroupCpuMs } from './support/process-cpu';

const ITEMS = 10_000;
const PAGE = 200;
const CONNECTIONS = 50;
const DURATION_S = 10;

interface Meter {
  trips: number;
  read: number;
  written: number;
}

async function metered(url: string, headers: Record<string, string> = {}): Promise<Meter & { body: unknown }> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const m = /^trips=(\d+); read=(\d+); written=(\d+)$/.exec(res.headers.get('x-d1-meter') ?? '');
  if (!m) throw new Error(`${url}: no x-d1-meter header (D1_METRICS on?)`);
  return { trips: Number(m[1]), read: Number(m[2]), written: Number(m[3]), body: await res.json() };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const worst = (ms: Meter[]) => Math.max(...ms.map((m) => m.trips));

/** Every page URL of the share, by walking the cursor chain once (fresh reads: nothing is cached yet). */
async function walk(origin: string, token: string) {
  const paths: string[] = [];
  const fresh: Meter[] = [];
  let cursor: string | null = null;
  let seen = 0;
  do {
    const path: string = `/api/public/shares/${token}/items?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    paths.push(path);
    const r = await metered(origin + path);
    const page = r.body as { items: unknown[]; nextCursor: string | null };
    fresh.push(r);
    seen += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  if (seen !== ITEMS) throw new Error(`paged ${seen} items, expected ${ITEMS}`);
  return { paths, fresh };
}

/** The owner's signed-in listing of the same pages: the read path without the issue-21 shape, as a baseline. */
async function ownerReads(origin: string, apiToken: string, collectionId: string, pages: number) {
  const out: Meter[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const q: string = `?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await metered(`${origin}/api/collections/${collectionId}/items${q}`, bearer(apiToken));
    out.push(r);
    cursor = (r.body as { nextCursor: string | null }).nextCursor;
  }
  return out;
}

async function load(origin: string, paths: string[], pid: number) {
  const cpu0 = processGroupCpuMs(pid);
  const r = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: asGuests(paths),
  });
  const cpuMs = processGroupCpuMs(pid) - cpu0;
  return { r, cpuPerRequest: cpuMs / Math.max(1, r.requests.total) };
}

export async function run(): Promise<Figure[]> {
  const token = randomBytes(32).toString('base64url');
  const dev = await startWranglerDev({
    seedSql: accountSeedSql({ id: 'bench-owner-0001', name: 'Bench Owner', email: 'bench@example.org' }, token),
    vars: { D1_METRICS: 'on' },
  });
  try {
    const collectionId = await seedCollection(dev.origin, token, ITEMS);
    const shareToken = await createShare(dev.origin, token, collectionId);
    const { paths, fresh } = await walk(dev.origin, shareToken);
    const owner = await ownerReads(dev.origin, token, collectionId, paths.length);
    const base = await load(dev.origin, ['/api/health'], dev.pid);
    const share = await load(dev.origin, paths, dev.pid);
    // After the load every page is in the edge cache: what a repeat read costs.
    const cached: Meter[] = [];
    for (const p of paths) cached.push(await metered(dev.origin + p));
    const reads = [...fresh, ...cached];
    const failed = share.r.errors + share.r.timeouts + share.r.non2xx;
    const note = `${CONNECTIONS} connections from ${GUESTS} guest addresses, ${DURATION_S} s, ${paths.length} pages of ${PAGE}; baseline GET /api/health`;
    const d1note = `x-d1-meter over ${paths.length} fresh and ${paths.length} edge-cached public page reads; baseline the owner's signed-in read of the same pages`;
    return [
      figure('portal.share_api_p50_ms', share.r.latency.p50, 'ms', base.r.latency.p50, null, note),
      figure(
        'portal.share_api_p99_ms',
        share.r.latency.p99,
        'ms',
        base.r.latency.p99,
        'ratio ≤ 10 (vs /api/health, same run)',
        note,
      ),
      figure('portal.share_api_rps', share.r.requests.average, 'req/s', base.r.requests.average, null, note),
      figure('portal.share_api_errors', failed, 'requests', base.r.errors + base.r.timeouts + base.r.non2xx, '0'),
      figure('portal.d1_round_trips_per_public_read', worst(reads), 'round trips', worst(owner), '≤ 1', d1note),
      figure(
        'portal.d1_writes_per_public_read',
        mean(reads.map((m) => m.written)),
        'rows written',
        mean(owner.map((m) => m.written)),
        '0',
        d1note,
      ),
      figure(
        'portal.d1_rows_read_per_public_read',
        mean(fresh.map((m) => m.read)),
        'rows read',
        mean(owner.map((m) => m.read)),
        null,
        `fresh reads (edge cache empty); ${d1note}`,
      ),
      figure(
        'portal.d1_rows_read_per_cached_public_read',
        mean(cached.map((m) => m.read)),
        'rows read',
        mean(fresh.map((m) => m.read)),
        null,
        'edge-cached page reads; baseline the same pages read fresh',
      ),
      figure(
        'portal.cpu_ms_per_public_read',
        share.cpuPerRequest,
        'CPU ms/request',
        base.cpuPerRequest,
        null,
        `wrangler + workerd user+system CPU (/proc) over the load run ÷ requests, loopback; baseline GET /api/health`,
      ),
    ];
  } finally {
    await dev.stop();
  }
}
