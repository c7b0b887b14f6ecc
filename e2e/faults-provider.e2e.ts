import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';

// Fault suite (issue 9): the first full scan of Demo OneDrive and Demo Google Drive meets 503s on the listing and
// on content reads, a 429 on content reads, an access token expired mid-scan (401) and
// connection resets mid-Range-read. The final index must equal, row for row, the index a second browser profile
// builds from identical servers without any fault: nothing lost, nothing duplicated. (A 410 only exists for a
// delta token, i.e. on a later sync: e2e/sources.e2e.ts injects it there.)

/** The fields a scan determines, keyed by where the file is (ids and etags differ between the two servers). */
async function snapshot(client: ExtensionClient, sourceId: string) {
  const rows = await client.rawItems(sourceId);
  return rows
    .map((r) => {
      const {
        key: _k,
        sourceId: _s,
        addedAt: _a,
        providerItemId: _p,
        etag: _e,
        webUrl: _w,
        indexedAt: _i,
        updatedAt: _u,
        ...rest
      } = r;
      // Without a zone, the sort time falls back on the server's upload time, which differs between the two servers.
      if (rest.takenAtUtc === null) delete rest.takenAt;
      return rest;
    })
    .sort((a, b) => `${a.folder}/${a.name}`.localeCompare(`${b.folder}/${b.name}`));
}

describe('faults: provider errors during the first scan', () => {
  let faulty: DemoSources;
  let clean: DemoSources;
  let faultyBrowser: ExtensionBrowser;
  let cleanBrowser: ExtensionBrowser;

  beforeAll(async () => {
    faulty = await startDemoSources();
    clean = await startDemoSources();
    faultyBrowser = await launchChromium();
    cleanBrowser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await faultyBrowser?.close();
    await cleanBrowser?.close();
    await faulty?.close();
    await clean?.close();
  });

  it('503, 429, 401 and resets mid-Range end in the same index as a scan without faults', {
    timeout: 300_000,
  }, async () => {
    const g = faulty.graph.faults;
    g.push({ match: /\/delta/, status: 503, retryAfter: '0.2' });
    g.push({ match: /\/_download\//, status: 503, retryAfter: '0.1', times: 3 });
    g.push({ match: /\/_download\//, status: 429, retryAfter: '0.3', times: 2 });
    g.push({ match: /\/_download\//, resetAfterBytes: 700, times: 3 });
    const d = faulty.drive.faults;
    d.push({ match: /\/drive\/v3\/files\?/, status: 503, retryAfter: '0.2' });
    d.push({ match: /alt=media/, status: 503, times: 2 });
    d.push({ match: /alt=media/, status: 429, retryAfter: '0.2', times: 2 });
    d.push({ match: /alt=media/, resetAfterBytes: 500, times: 2 });

    const faultyClient = await ExtensionClient.open(faultyBrowser);
    const cleanClient = await ExtensionClient.open(cleanBrowser);
    const f = await faultyClient.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...faulty.config });
    // Expire the fresh access tokens while the scan runs: the next Graph/Drive call answers 401.
    await new Promise((r) => setTimeout(r, 300));
    faulty.graph.authority.expireAccessTokens();
    faulty.drive.authority.expireAccessTokens();
    const c = await cleanClient.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...clean.config });
    await faultyClient.waitIdle(f.ids, 240_000);
    await cleanClient.waitIdle(c.ids, 240_000);

    const kinds = async (client: ExtensionClient, ids: string[]) => {
      const statuses = await client.statuses();
      return Object.fromEntries(ids.map((id) => [statuses.find((s) => s.id === id)!.kind, id]));
    };
    const fk = await kinds(faultyClient, f.ids);
    const ck = await kinds(cleanClient, c.ids);
    // Every injected status fault was met (resets may be absorbed by a small file's single read).
    // The expired access tokens were met (401) and refreshed on both drives.
    const refreshes = (ds: DemoSources) =>
      [ds.graph, ds.drive].map((x) => x.authority.tokenRequests.filter((r) => r.grantType === 'refresh_token').length);
    for (const n of refreshes(faulty)) expect(n).toBeGreaterThanOrEqual(1);
    const statusHits = (hits: { status?: number }[]) => hits.filter((h) => h.status !== undefined).length;
    expect(statusHits(g.hits)).toBe(1 + 3 + 2);
    expect(statusHits(d.hits)).toBe(1 + 2 + 2);
    for (const kind of ['onedrive', 'gdrive']) {
      const got = await snapshot(faultyClient, fk[kind]!);
      const want = await snapshot(cleanClient, ck[kind]!);
      expect(got.length, kind).toBeGreaterThan(5);
      expect(new Set(got.map((r) => `${r.folder}/${r.name}`)).size, `${kind}: duplicates`).toBe(got.length);
      expect(got, kind).toEqual(want);
      expect(await faultyClient.tableCount('failed', fk[kind]!), kind).toBe(0);
    }
  });
});
