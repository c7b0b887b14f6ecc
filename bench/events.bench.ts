// Events (issue 23) under wrangler dev: bulk-approving all 1,000 pending items of one guest in one call, against
// the same 1,000 decided through the per-item decisions route (two calls of 500, its limit) for another guest; and
// the time from an organizer's approval to the item in an open live wall's list, against the wall's poll interval.
import { WALL_POLL_MS } from '../shared/src/sharing/wall';
import { api, publishCollection, publishItems, signInThroughPortal, startPortalStack } from '../e2e/portal-support';
import { type Figure, figure, quantile } from './figure';

const ITEMS = 1000;
const WALL_SAMPLES = 5;

export async function run(): Promise<Figure[]> {
  const stack = await startPortalStack();
  try {
    const alice = await stack.owner.context.newPage();
    await signInThroughPortal(alice, stack, 'alice', '/app/events');
    const guest = await stack.guest.context.newPage();
    const created = await api<{ token: string; event: { id: string } }>(alice, 'POST', '/api/events', {
      title: 'Bench wedding',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const { token, event } = created.json;
    const jpegs = stack.media.filter((m) => m.mimeType === 'image/jpeg');
    const ids: Record<string, string> = {};
    for (const who of ['bob', 'carol']) {
      await stack.guest.context.clearCookies();
      await signInThroughPortal(guest, stack, who, '/app/contributions');
      const col = await publishCollection(guest, `${who}'s`, publishItems(jpegs, ITEMS, who));
      await api(guest, 'POST', '/api/contributions', { eventToken: token, collectionId: col });
      ids[who] = (await api<{ user: { id: string } }>(guest, 'GET', '/api/me')).json.user.id;
    }

    let t = performance.now();
    const bulk = await api<{ results: unknown[] }>(
      alice,
      'POST',
      `/api/events/${event.id}/guests/${ids.bob}/decisions`,
      {
        decision: 'approve',
      },
    );
    const bulkMs = performance.now() - t;
    if (bulk.json.results.length !== ITEMS) throw new Error(`bulk decided ${bulk.json.results.length}`);

    const carol = await api<{ entries: { itemId: string }[] }>(
      alice,
      'GET',
      `/api/events/${event.id}/queue?state=pending&limit=500&contributorId=${ids.carol}`,
    );
    t = performance.now();
    for (let round = 0; round < 2; round++) {
      const page =
        round === 0
          ? carol.json.entries
          : (
              await api<{ entries: { itemId: string }[] }>(
                alice,
                'GET',
                `/api/events/${event.id}/queue?state=pending&limit=500&contributorId=${ids.carol}`,
              )
            ).json.entries;
      await api(alice, 'POST', `/api/events/${event.id}/decisions`, {
        decisions: page.map((e) => ({ itemId: e.itemId, decision: 'approve' })),
      });
    }
    const perItemMs = performance.now() - t;

    // The wall: a new guest item each round, approved by the organizer, timed until the open wall lists it.
    const wall = await stack.owner.context.newPage();
    await wall.goto(`${stack.dev.origin}/e/${token}/wall`);
    await wall.getByTestId('wall').waitFor();
    const latencies: number[] = [];
    const bobCol = await publishCollection(guest, 'more', publishItems(jpegs, WALL_SAMPLES, 'wall'));
    await api(guest, 'POST', '/api/contributions', { eventToken: token, collectionId: bobCol });
    const pending = await api<{ entries: { itemId: string }[] }>(alice, 'GET', `/api/events/${event.id}/queue`);
    for (const { itemId } of pending.json.entries) {
      await wall.waitForTimeout(Math.random() * WALL_POLL_MS);
      const start = performance.now();
      await api(alice, 'POST', `/api/events/${event.id}/decisions`, { decisions: [{ itemId, decision: 'approve' }] });
      await wall.waitForFunction(
        (id) => document.querySelector('[data-testid="wall"]')?.getAttribute('data-items')?.split(' ').includes(id),
        itemId,
        { polling: 50, timeout: 30_000 },
      );
      latencies.push((performance.now() - start) / 1000);
    }
    return [
      figure(
        'events.queue_decide_ms_1000',
        bulkMs,
        'ms',
        perItemMs,
        null,
        `one guest's ${ITEMS} pending items in one call; baseline: ${ITEMS} items through the per-item route (2 × 500)`,
      ),
      figure(
        'events.wall_latency_s',
        quantile(latencies, 0.5),
        's',
        WALL_POLL_MS / 1000,
        `≤ ${WALL_POLL_MS / 1000 + 1} s`,
        `median of ${WALL_SAMPLES} approvals (max ${Math.max(...latencies).toFixed(2)} s) until the open wall lists the item; baseline: the poll interval`,
      ),
    ];
  } finally {
    await stack.close();
  }
}
