import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corsPropertiesXml, parseCorsRules, portalCorsRule } from '../shared/src/providers/azure-cors';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, startAzurite } from '../dev-services/src/azurite';
import { type PortalDev, startPortalDev } from '../dev-services/src/portal-dev';
import { demoPhotosDir, loadSeedFiles } from '../dev-services/src/seed/index';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ensurePortalBuilt } from './share-support';
import { ExtensionClient } from './sources-support';

/**
 * The Blob source's CORS panel (issue 13): with only a container SAS, Hypomos cannot set the Blob service's CORS
 * rule, so the owner gets the rule to add and a "Test" that really fetches a blob from the portal's origin (the
 * worker's test page, framed by the dashboard) in Chromium, against azurite, which applies CORS rules as Azure does.
 */
describe('Blob CORS rule panel and its Test (azurite, portal under wrangler dev, Chromium)', () => {
  let azurite: Azurite;
  let container: AzuriteContainer;
  let portal: PortalDev;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  let page: Page;
  const shots = join(tmpdir(), `hypomos-blob-cors-${Date.now()}`);

  const properties = async () =>
    parseCorsRules(await (await azurite.ownerRequest('GET', '/?restype=service&comp=properties')).text());
  const setRules = async (xml: string) =>
    expect((await azurite.ownerRequest('PUT', '/?restype=service&comp=properties', { body: xml })).status).toBe(202);
  const panelOf = (sourceId: string): Locator =>
    page.locator(`[data-source-id="${sourceId}"] [data-testid="blob-cors"]`);
  const test = async (panel: Locator) => {
    await panel.getByRole('button', { name: 'Test', exact: true }).click();
    const verdict = panel.getByTestId('blob-cors-test');
    await verdict.waitFor();
    return { ok: (await verdict.getAttribute('data-ok')) === 'true', words: (await verdict.textContent()) ?? '' };
  };

  beforeAll(async () => {
    await ensurePortalBuilt();
    azurite = await startAzurite();
    container = await azurite.createContainer('photos');
    for (const file of (await loadSeedFiles(demoPhotosDir)).slice(0, 3)) await container.addFile(file);
    portal = await startPortalDev();
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
    page = client.page;
    await client.send({ type: 'sharing.setPortal', origin: portal.origin });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await azurite?.close();
  });

  let sasSource = '';

  it('with a container SAS: shows the exact rule to add, and Test fails in words while it is missing', async () => {
    const sas = await container.sas('rl', new Date(Date.now() + 24 * 3600_000));
    const { ids } = await client.send<{ ids: string[] }>({
      type: 'sources.connectDemo',
      blobSasUrl: `${container.url}?${sas}`,
    });
    sasSource = ids[0]!;
    await client.waitIdle([sasSource]);
    await page.reload();
    const panel = panelOf(sasSource);
    // A container SAS cannot read the Blob service's properties: the state is unknown, not "fine".
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('unknown');
    const rule = panel.getByTestId('blob-cors-rule');
    const value = (field: string) => rule.locator(`[data-field="${field}"] input`).inputValue();
    expect(await value('Allowed origins')).toBe(portal.origin);
    expect(await value('Allowed methods')).toBe('GET,HEAD');
    expect(await value('Allowed headers')).toBe('*');
    expect(await value('Exposed headers')).toMatch(/Content-Length,Content-Range,.*ETag/);
    expect(await value('Max age')).toBe('86400');
    expect(await value('Azure CLI')).toMatch(/^az storage cors add --services b --account-name 'devstoreaccount1' /);

    const verdict = await test(panel);
    expect(verdict.ok).toBe(false);
    expect(verdict.words).toMatch(new RegExp(`^Failed: the browser blocked a request from ${portal.origin}`));
    await page.locator(`[data-source-id="${sasSource}"]`).screenshot({ path: join(shots, 'blob-cors-missing.png') });
  });

  it('a rule for another origin, or one that refuses preflights, does not pass the Test', async () => {
    const panel = panelOf(sasSource);
    await setRules(corsPropertiesXml([{ ...portalCorsRule('https://elsewhere.example') }]));
    expect((await test(panel)).words).toMatch(/^Failed: the browser blocked/);
    // Chromium sends no preflight for a simple Range, but browsers that do would be refused by this rule.
    await setRules(corsPropertiesXml([{ ...portalCorsRule(portal.origin), allowedHeaders: ['range'] }]));
    expect((await test(panel)).words).toMatch(/^Partly: a plain Range request .* allowed headers to \*/);
  });

  it('after the owner adds the rule exactly as shown, Test succeeds', async () => {
    const panel = panelOf(sasSource);
    // The rule is shown again (the last Test failed), exactly as the owner would copy it.
    const shown = Object.fromEntries(
      await panel
        .locator('[data-testid="blob-cors-rule"] [data-field]')
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute('data-field'), (r.querySelector('input') as HTMLInputElement).value]),
        ),
    ) as Record<string, string>;
    const list = (s: string) => s.split(',');
    await setRules(
      corsPropertiesXml([
        {
          allowedOrigins: list(shown['Allowed origins']!),
          allowedMethods: list(shown['Allowed methods']!),
          allowedHeaders: list(shown['Allowed headers']!),
          exposedHeaders: list(shown['Exposed headers']!),
          maxAgeInSeconds: Number(shown['Max age']),
        },
      ]),
    );
    const verdict = await test(panel);
    expect(verdict).toMatchObject({
      ok: true,
      words: expect.stringMatching(new RegExp(`^Works: a page on ${portal.origin}`)),
    });
    // The SAS still cannot read the rules: the passing Test is kept, and what new links go by (download form).
    await expect.poll(() => panel.getAttribute('data-state')).toBe('tested');
    expect(await panel.getByTestId('blob-cors-rule').count()).toBe(0);
    const status = await client.send<{ state: string; allows: boolean }>({
      type: 'sources.blobCors',
      sourceId: sasSource,
    });
    expect(status).toMatchObject({ state: 'tested', allows: true });
    await panel.screenshot({ path: join(shots, 'blob-cors-works.png') });
  });

  it('with the account key: Hypomos sets the rule itself through Set Blob Service Properties', async () => {
    await setRules(corsPropertiesXml([]));
    const sas = await container.sas('rl', new Date(Date.now() + 24 * 3600_000));
    const { ids } = await client.send<{ ids: string[] }>({
      type: 'sources.connectDemo',
      blobSasUrl: `${container.url}?${sas}`,
      blobAccountKey: azurite.accountKey,
    });
    const keySource = ids[0]!;
    await client.waitIdle([keySource]);
    await page.reload();
    const panel = panelOf(keySource);
    // The card may have checked once before the reload ('set'); checked again, the rule is 'present'.
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/^(set|present)$/);
    // The service had no rule before the key source was connected: the extension wrote this one.
    expect(await properties()).toEqual([portalCorsRule(portal.origin)]);
    expect(await panel.getByTestId('blob-cors-rule').count()).toBe(0);
    expect((await test(panel)).ok).toBe(true);
    console.log(`blob CORS screenshots: ${shots}`);
  });
});
