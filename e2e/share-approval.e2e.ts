import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpsFixture, startHttpsFixture } from './harness/https-fixture';
import { hostPages, readAll } from './hosts-support';
import { createEvent, decide, pairInTab, type ShareStack, signIn, startShareStack, waitShare } from './share-support';

/** The two rows the saved Drive page shows selected (fixtures/drive-my-drive.html). */
const SAVED_IDS = { first: '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-', second: '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG' };

const toolbar = (page: Page) => page.locator('[data-hypomos="toolbar"]');
const badge = (page: Page, id: string) => page.locator(`[data-id="${id}"] [data-hypomos-badge]`);

/**
 * The organizer's decision reaches the contributor: "Share to event…" from the Drive page (content script on the real
 * host name, the saved page showing files of the Drive contract server), the publisher sends the items to the portal,
 * the organizer approves one and rejects the other, and after one sync the contributor's dashboard and the row badges
 * on the Drive page show it.
 */
describe('event contributions: the approval state round-trips to the contributor (Chromium)', () => {
  let fixture: HttpsFixture;
  let stack: ShareStack;
  /** Saved-page ids → the Drive contract server's ids, filled once the demo sources are indexed. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await startHttpsFixture(hostPages(ids));
    stack = await startShareStack({ hostMap: { 'drive.google.com': fixture.port } });
    await pairInTab(stack, 'alice');
    const photos = (await stack.client.rawItems(stack.sourceIds.gdrive)).filter((i) => i.mediaType === 'image');
    ids[SAVED_IDS.first] = photos[0]!.providerItemId as string;
    ids[SAVED_IDS.second] = photos[1]!.providerItemId as string;
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
    await fixture?.close();
  });

  it('pending, then approved and rejected in the dashboard and the Drive row badges within one sync', async () => {
    const organizer = await stack.guest.context.newPage();
    await signIn(organizer, stack, 'carol');
    const event = await createEvent(organizer, 'Picnic');
    const [first, second] = [ids[SAVED_IDS.first]!, ids[SAVED_IDS.second]!];

    const drive = await stack.owner.context.newPage();
    await drive.goto('https://drive.google.com/drive/my-drive');
    await toolbar(drive).locator('[data-hypomos-button]').click();
    await toolbar(drive).locator('[data-action="shareToEvent"]').click();
    await toolbar(drive).getByLabel('Event link or share-to token').fill(event.url);
    await toolbar(drive).getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => toolbar(drive).locator('[role="status"]').textContent()).toBe('Sent for approval: 2 of 2.');
    await expect.poll(() => badge(drive, first).textContent()).toBe('Pending approval');

    // A sync runs the publisher: the items reach the portal, still waiting for the organizer.
    const sync = () => stack.client.send({ type: 'sources.sync', sourceId: stack.sourceIds.gdrive });
    await sync();
    const shares = await stack.client.send<{ id: string; kind: string; collectionId: string }[]>({
      type: 'sharing.list',
    });
    const shareId = shares.find((s) => s.kind === 'event')!.id;
    const sent = await waitShare(stack.client, shareId, (s) => s.counts.published === 2 && s.approvals?.pending === 2);
    expect(sent.approvals).toEqual({ pending: 2, approved: 0, rejected: 0, withdrawn: 0 });

    type Queue = { entries: { itemId: string }[] };
    const queue = await organizer.evaluate(
      async (id) => (await (await fetch(`/api/events/${id}/queue?state=pending`)).json()) as Queue,
      event.event.id,
    );
    expect(queue.entries).toHaveLength(2);
    // Which portal item is which Drive file (the publisher kept the portal's id on each row).
    const rows = (
      await readAll<{ shareId: string; itemKey: string; portalItemId: string }>(stack.client.page, 'published')
    ).filter((r) => r.shareId === shareId);
    const portalIdOf = (driveId: string) => rows.find((r) => r.itemKey.endsWith(`:${driveId}`))!.portalItemId;
    await decide(organizer, event.event.id, [
      { itemId: portalIdOf(first), decision: 'approve' },
      { itemId: portalIdOf(second), decision: 'reject' },
    ]);

    // One sync later the contributor sees the decisions.
    await sync();
    const decided = await waitShare(stack.client, shareId, (s) => s.approvals?.pending === 0);
    expect(decided.approvals).toEqual({ pending: 0, approved: 1, rejected: 1, withdrawn: 0 });

    await drive.reload();
    await expect.poll(() => badge(drive, first).textContent(), { timeout: 15_000 }).toBe('Approved');
    await expect.poll(() => badge(drive, second).textContent()).toBe('Rejected');
    await drive.screenshot({ path: '/tmp/hypomos-approval-drive.png' });

    const collectionId = shares.find((s) => s.id === shareId)!.collectionId;
    const dashboard = await stack.owner.openPage(`dashboard.html#/collections/${collectionId}`);
    await dashboard.getByRole('button', { name: 'Share', exact: true }).click();
    const approvals = dashboard.getByTestId('share-approvals');
    await expect.poll(() => approvals.locator('[data-approval="approved"]').textContent()).toBe('Approved: 1 ');
    expect(await approvals.locator('[data-approval="rejected"]').textContent()).toBe('Rejected: 1 ');
    expect(await approvals.locator('[data-approval="pending"]').count()).toBe(0);
    await dashboard.screenshot({ path: '/tmp/hypomos-approval-dashboard.png', fullPage: true });
  });
});
