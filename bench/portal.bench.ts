// Share portal: pages through a 10,000-item shared collection on the public viewer route under `wrangler dev` on
// loopback with autocannon (50 connections), against /api/health in the same run as the baseline.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { accountSeedSql, startWranglerDev } from '../dev-services/src/wrangler-dev';
import { type Figure, figure } from './figure';

const ITEMS = 10_000;
const PAGE = 200;
const CONNECTIONS = 50;
const DURATION_S = 10;

async function seed(origin: string, token: string): Promise<string> {
  const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const put = await fetch(`${origin}/api/sources/od1`, { method: 'PUT', headers: h, body: JSON.stringify({ kind: 'onedrive', name: 'OneDrive' }) });
  if (!put.ok) throw new Error(`source: ${put.status} ${await put.text()}`);
  const col = (await (await fetch(`${origin}/api/collections`, { method: 'POST', headers: h, body: JSON.stringify({ title: 'Bench', kind: 'static' }) })).json()) as { id: string };
  for (let start = 0; start < ITEMS; start += 500) {
    const items = Array.from({ length: 500 }, (_, k) => ({
      sourceId: 'od1',
      sourceItemId: `photo-${start + k}`,
      mediaType: 'image',
      capturedAt: new Date(Date.UTC(2023, 0, 1) + (start + k) * 60_000).toISOString(),
      width: 4032,
      height: 3024,
      blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
      originalUrl: `https://contoso-my.sharepoint.com/personal/o/download.aspx?share=${start + k}`,
      thumbnailUrl: `https://contoso-my.sharepoint.com/thumb/${start + k}`,
    }));
    const res = await fetch(`${origin}/api/collections/${col.id}/items`, { method: 'POST', headers: h, body: JSON.stringify({ items }) });
    if (!res.ok) throw new Error(`publish: ${res.status} ${await res.text()}`);
  }
  const share = (await (await fetch(`${origin}/api/collections/${col.id}/shares`, { method: 'POST', headers: h, body: '{}' })).json()) as { token: string };
  return share.token;
}

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
    const shareToken = await seed(dev.origin, token);
    const paths = await pagePaths(dev.origin, shareToken);
    const base = await load(dev.origin, ['/api/health']);
    const share = await load(dev.origin, paths);
    const failed = share.errors + share.timeouts + share.non2xx;
    const note = `${CONNECTIONS} connections, ${DURATION_S} s, ${paths.length} pages of ${PAGE}; baseline GET /api/health`;
    return [
      figure('portal.share_api_p50_ms', share.latency.p50, 'ms', base.latency.p50, null, note),
      figure('portal.share_api_p99_ms', share.latency.p99, 'ms', base.latency.p99, 'ratio ≤ 10 (vs /api/health, same run)', note),
      figure('portal.share_api_rps', share.requests.average, 'req/s', base.requests.average, null, note),
      figure('portal.share_api_errors', failed, 'requests', base.errors + base.timeouts + base.non2xx, '0'),
    ];
  } finally {
    await dev.stop();
  }
}
