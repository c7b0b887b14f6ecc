// Share portal: pages through a 10,000-item shared collection on the public viewer route under `wrangler dev` on
// loopback with autocannon (50 connections), against /api/health in the same run as the baseline.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { accountSeedSql, startWranglerDev } from '../dev-services/src/wrangler-dev';
import { type Figure, figure } from './figure';
import { createShare, seedCollection } from './support/portal-seed';

const ITEMS = 10_000;
const PAGE = 200;
const CONNECTIONS = 50;
const DURATION_S = 10;

/** Every page URL of the share, by walking the cursor chain once (also checks that all 10,000 come back). */
async function pagePaths(origin: string, token: string): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  let seen = 0;
  do {
    const path: string = `/api/public/shares/${token}/items?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    paths.push(path);
    const page = (await (await fetch(origin + path)).json()) as { items: unknown[]; nextCursor: string | null };
    seen += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  if (seen !== ITEMS) throw new Error(`paged ${seen} items, expected ${ITEMS}`);
  return paths;
}

function load(origin: string, paths: string[]) {
  return autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
}

export async function run(): Promise<Figure[]> {
  const token = randomBytes(32).toString('base64url');
  const dev = await startWranglerDev({
    seedSql: accountSeedSql({ id: 'bench-owner-0001', name: 'Bench Owner', email: 'bench@example.org' }, token),
    // All load comes from one loopback address, which would trip the per-address viewer cap; its D1 write per request stays.
    vars: { RATE_LIMIT_VIEWER: '100000000/60' },
  });
  try {
    const shareToken = await createShare(dev.origin, token, await seedCollection(dev.origin, token, ITEMS));
    const paths = await pagePaths(dev.origin, shareToken);
    const base = await load(dev.origin, ['/api/health']);
    const share = await load(dev.origin, paths);
    const failed = share.errors + share.timeouts + share.non2xx;
    const note = `${CONNECTIONS} connections, ${DURATION_S} s, ${paths.length} pages of ${PAGE}; baseline GET /api/health`;
    return [
      figure('portal.share_api_p50_ms', share.latency.p50, 'ms', base.latency.p50, null, note),
      figure(
        'portal.share_api_p99_ms',
        share.latency.p99,
        'ms',
        base.latency.p99,
        'ratio ≤ 10 (vs /api/health, same run)',
        note,
      ),
      figure('portal.share_api_rps', share.requests.average, 'req/s', base.requests.average, null, note),
      figure('portal.share_api_errors', failed, 'requests', base.errors + base.timeouts + base.non2xx, '0'),
    ];
  } finally {
    await dev.stop();
  }
}
