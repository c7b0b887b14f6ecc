import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type PortalDev, startPortalDev } from '../dev-services/src/portal-dev';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { ensurePortalBuilt, publicItems, putCollection, waitShare } from './share-support';
import { ExtensionClient } from './sources-support';

/**
 * Sharing from Firefox: the owner's Firefox (the built extension) indexes the demo sources, pairs with the portal
 * (wrangler dev, local D1, the real oidc-provider) through "Connect to portal", which is Firefox's own
 * identity.launchWebAuthFlow window driven like a user would (sign in, "Allow"), then publishes a collection.
 * A guest in another Firefox profile (no extension) opens the link: the photos come from the owner's cloud links.
 */
describe('Firefox: pairing through launchWebAuthFlow, publishing, a guest opens the share', () => {
  let demo: DemoSources;
  let portal: PortalDev;
  let owner: FirefoxSession;
  let guest: FirefoxSession;
  let client: ExtensionClient<FirefoxTab>;
  let onedrive = '';

  beforeAll(async () => {
    await ensurePortalBuilt();
    demo = await startDemoSources();
    portal = await startPortalDev({ vars: { RATE_LIMIT_TOKEN: '10000/60' } });
    owner = await launchFirefox();
    client = new ExtensionClient(await owner.openExtensionPage('dashboard.html#/settings'));
    const { ids } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const done = await client.waitIdle(ids, 240_000);
    onedrive = done.find((s) => s.kind === 'onedrive')!.id;
  }, 420_000);
  afterAll(async () => {
    await guest?.close();
    await owner?.close();
    await portal?.stop();
    await demo?.close();
  });

  it('"Connect to portal" signs in in Firefox\'s web-auth window and stores a token the portal accepts', async () => {
    const tab = client.page;
    await tab.fill('[data-testid="portal-settings"] input', portal.origin);
    await tab.click('[data-testid="portal-settings"] button', 'Connect to portal');
    // identity.launchWebAuthFlow opens its own window at the portal's /auth/pair page.
    const auth = await owner.waitForOpenedTab(`${portal.origin}/`);
    portal.idp.autoLogin('alice');
    try {
      await auth.click('a', 'Sign in with Dev ID');
      await auth.click('#allow', undefined, 60_000);
    } finally {
      portal.idp.autoLogin(null);
    }
    // The portal redirected to the extension's redirect address; Firefox handed it to the background.
    await expect
      .poll(() => tab.text('[data-testid="portal-paired"]'), { timeout: 60_000 })
      .toBe(`Connected to ${portal.origin}`);
    expect(await client.send({ type: 'sharing.portal' })).toMatchObject({ origin: portal.origin, paired: true });
  }, 180_000);

  it("publishes a collection; a guest opens it and the photos load from the owner's OneDrive links", async () => {
    await putCollection(client, {
      id: 'dyn-onedrive',
      kind: 'dynamic',
      title: 'My OneDrive',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [onedrive] },
    });
    const { shareId } = await client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'dyn-onedrive',
      kind: 'link',
      title: 'From Firefox',
    });
    const indexed = (await client.rawItems(onedrive)).length;
    const share = await waitShare(
      client,
      shareId,
      (s) => !!s.url && !s.counts.pending && (s.counts.published ?? 0) + (s.counts.failed ?? 0) === indexed,
      180_000,
    );
    expect(share.counts).toEqual({ published: indexed });
    expect(await publicItems({ portal }, share.url!)).toHaveLength(indexed);

    guest = await launchFirefox({ extension: false });
    const viewer = await guest.openPage(share.url!);
    await expect.poll(() => viewer.count('.tile-img.loaded'), { timeout: 60_000 }).toBeGreaterThan(3);
    // Which images the guest's browser fetched, and from where (Resource Timing; redirects are followed by the browser).
    const images = await viewer.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'img')
        .map((e) => e.name),
    );
    const graph = new URL(demo.graph.url).origin;
    expect(images.length).toBeGreaterThan(3);
    expect(images.filter((u) => new URL(u).origin !== graph)).toEqual([]);
  }, 300_000);
});
