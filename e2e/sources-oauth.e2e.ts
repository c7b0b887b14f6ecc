import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveServer, startDriveServer } from '../dev-services/src/drive/server';
import { type GraphServer, startGraphServer } from '../dev-services/src/graph/server';
import { demoPhotosDir, loadSeedFiles } from '../dev-services/src/seed/index';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient, storeListing } from './sources-support';

/**
 * OneDrive and Google Drive end to end in Chromium: the built extension signs in through
 * `identity.launchWebAuthFlow` (Authorization Code + PKCE) at the contract servers' identity endpoints,
 * keeps the tokens in storage.local, scans both drives, refreshes an expired token after a 401, honours
 * a 429 Retry-After, and follows adds, changes and deletions at the next sync.
 */
describe('sources: OneDrive and Google Drive sign-in and scan in Chromium', () => {
  let graph: GraphServer;
  let drive: DriveServer;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let ids: string[] = [];

  beforeAll(async () => {
    const files = await loadSeedFiles(demoPhotosDir);
    graph = await startGraphServer({ files });
    drive = await startDriveServer({ files });
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.close();
    await drive?.close();
  });

  const listing = (sourceId: string) =>
    client
      .indexOf(sourceId)
      .then((rows) =>
        rows.map(({ id, name, folder }) => ({ id, name, folder })).sort((a, b) => a.id.localeCompare(b.id)),
      );

  it('signs in with PKCE through launchWebAuthFlow and indexes both drives fully', async () => {
    ({ ids } = await client.send<{ ids: string[] }>({
      type: 'sources.connectDemo',
      graphUrl: graph.url,
      driveUrl: drive.url,
    }));
    expect(ids).toHaveLength(2);
    expect(graph.authority.tokenRequests).toContainEqual({ grantType: 'authorization_code', clientId: 'hypomos-demo' });
    expect(drive.authority.tokenRequests).toContainEqual({ grantType: 'authorization_code', clientId: 'hypomos-demo' });
    await client.waitIdle(ids);
    const [od, gd] = ids as [string, string];
    expect(await listing(od)).toEqual(storeListing(graph.store));
    expect(await listing(gd)).toEqual(storeListing(drive.store));
    // The refresh tokens stayed in the extension's own storage.
    const stored = await client.page.evaluate(async () =>
      Object.keys(
        await (
          globalThis as unknown as {
            chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.local.get(null),
      ),
    );
    expect(stored).toEqual(expect.arrayContaining([`tokens:${od}`, `tokens:${gd}`]));
  });

  it('refreshes an expired token, honours a 429, and follows adds, changes and deletions', async () => {
    const [od, gd] = ids as [string, string];
    graph.authority.expireAccessTokens();
    drive.authority.expireAccessTokens();
    graph.faults.push({ match: /root\/delta/, status: 429, retryAfter: '0.5' });
    const falcon = graph.store.findByPath('Pictures/Nature/prairie_falcon.jpg');
    for (const server of [graph, drive]) {
      const gone = server.store.findByPath('Pictures/Nature/el_torcal_rocks.jpg');
      const changed = server.store.findByPath('Pictures/Nature/wood_anemones.jpg');
      if (!gone || !changed || !falcon?.content) throw new Error('seed missing');
      server.store.remove(gone.id);
      server.store.changeFile(changed.id, { bytes: falcon.content });
      server.addFile({ path: 'Pictures/New/falcon copy.jpg', bytes: falcon.content, mimeType: 'image/jpeg' });
    }
    await client.send({ type: 'sources.sync' });
    await client.waitIdle(ids);
    expect(graph.faults.hits.some((f) => f.status === 429)).toBe(true);
    expect(graph.authority.tokenRequests).toContainEqual({ grantType: 'refresh_token', clientId: 'hypomos-demo' });
    expect(drive.authority.tokenRequests).toContainEqual({ grantType: 'refresh_token', clientId: 'hypomos-demo' });
    expect(await listing(od)).toEqual(storeListing(graph.store));
    expect(await listing(gd)).toEqual(storeListing(drive.store));
    const anemones = (await client.indexOf(od)).find((i) => i.name === 'wood_anemones.jpg');
    expect(anemones?.width).toBe(800);
  });
});
