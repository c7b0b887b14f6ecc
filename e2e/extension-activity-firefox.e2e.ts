import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { ExtensionClient } from './sources-support';
import { putCollection } from './share-support';

const DAY = 86_400_000;

interface FirefoxGlobal {
  browser: { browserAction: { getBadgeText(d: object): Promise<string> } };
}

/**
 * Firefox builds the extension as MV2, where the toolbar button is `browserAction`, not `action`: the activity badge
 * (platform/action-badge.ts) must reach it there too. A client gallery closing in two days (no portal needed: the
 * reminder comes from the share row) puts 1 on the badge; the Activity page shows "Closes in 2 days" and clears it.
 */
describe('Firefox: the reminder of a gallery closing soon reaches the toolbar badge (browserAction)', () => {
  let ff: FirefoxSession;
  let client: ExtensionClient<FirefoxTab>;
  const badge = () =>
    client.page.evaluate(() => (globalThis as unknown as FirefoxGlobal).browser.browserAction.getBadgeText({}));

  beforeAll(async () => {
    ff = await launchFirefox();
    client = new ExtensionClient(await ff.openExtensionPage('dashboard.html#/timeline'));
  }, 180_000);
  afterAll(async () => {
    await ff?.close();
  });

  it('badge 1 for a gallery closing in 2 days; the Activity page shows it and clears the badge', async () => {
    await putCollection(client, { id: 'proofs', kind: 'static', title: 'Proofs', itemKeys: [], filter: null });
    const { shareId } = await client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'proofs',
      kind: 'gallery',
      title: 'Ana & Ben: proofs',
      expiresAt: Date.now() + 2 * DAY,
    });
    await expect.poll(badge, { timeout: 15_000 }).toBe('1');
    await client.page.route('#/activity');
    const pill = `[data-testid="activity-reminders"] [data-share-id="${shareId}"] [data-testid="closes-in"]`;
    await expect.poll(() => client.page.text(pill), { timeout: 20_000 }).toBe('Closes in 2 days');
    await expect.poll(badge, { timeout: 15_000 }).toBe('');
  });
});
