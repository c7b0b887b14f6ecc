import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, contribute, createEvent, pendingIds, seedCollection } from '../bench/support/portal-seed';
import { accountSeedSql, REPO_ROOT, startWranglerDev, type WranglerDev } from '../dev-services/src/wrangler-dev';

// Fault suite (issue 9): the portal worker (`wrangler dev`) is stopped while a publish batch and a bulk approval
// batch are in flight, then started again on the same persisted D1. The interrupted batch is all or nothing,
// and retrying every batch converges to the no-fault state — checked on a D1 snapshot taken with wrangler itself.

const owner = randomBytes(32).toString('base64url');
const guest = randomBytes(32).toString('base64url');
let persistTo: string;
let dev: WranglerDev | null = null;

async function start(seed = false) {
  dev = await startWranglerDev({
    persistTo,
    ...(seed
      ? {
          seedSql: [
            accountSeedSql({ id: 'fault-owner', name: 'Owner', email: 'o@example.org' }, owner),
            accountSeedSql({ id: 'fault-guest', name: 'Guest', email: 'g@example.org' }, guest),
          ].join(' '),
        }
      : {}),
  });
  return dev.origin;
}

async function stop() {
  await dev?.stop();
  dev = null;
}

/** Rows straight from the persisted D1 (the worker is stopped while this runs). */
async function d1<T>(sql: string): Promise<T[]> {
  const { stdout } = await promisify(execFile)(
    join(REPO_ROOT, 'worker/node_modules/.bin/wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  return (JSON.parse(stdout) as { results: T[] }[])[0]!.results;
}

/** Sends a request and stops the worker while it is in flight; the request fails or completes, either is fine. */
async function stopMidRequest(send: () => Promise<Response>) {
  const inFlight = send().then(
    (r) => r.status,
    () => 'reset' as const,
  );
  await new Promise((r) => setTimeout(r, 30));
  await stop();
  return inFlight;
}

beforeAll(async () => {
  persistTo = await mkdtemp(join(tmpdir(), 'hypomos-fault-d1-'));
});
afterAll(async () => {
  await stop();
  await rm(persistTo, { recursive: true, force: true });
});

const items = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) => ({
    sourceId: 'od1',
    sourceItemId: `photo-${from + k}`,
    mediaType: 'image',
    capturedAt: new Date(Date.UTC(2024, 0, 1) + (from + k) * 60_000).toISOString(),
    width: 4032,
    height: 3024,
    originalUrl: `https://contoso-my.sharepoint.com/personal/o/download.aspx?share=${from + k}`,
  }));

describe('faults: the worker restarted mid-batch', () => {
  it('a publish batch cut by a worker restart is all or nothing, and retrying every batch converges', {
    timeout: 300_000,
  }, async () => {
    let origin = await start(true);
    const h = bearer(owner);
    await fetch(`${origin}/api/sources/od1`, {
      method: 'PUT',
      headers: h,
      body: JSON.stringify({ kind: 'onedrive', name: 'OneDrive' }),
    });
    const col = (await (
      await fetch(`${origin}/api/collections`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ title: 'Trip', kind: 'static' }),
      })
    ).json()) as {
      id: string;
    };
    const batches = [0, 1, 2, 3].map((b) => items(b * 500, 500));
    const publish = (o: string, batch: unknown[]) =>
      fetch(`${o}/api/collections/${col.id}/items`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ items: batch }),
      });
    expect((await publish(origin, batches[0]!)).status).toBe(200);
    const outcome = await stopMidRequest(() => publish(origin, batches[1]!));
    const cut = await d1<{ n: number }>(`SELECT COUNT(*) AS n FROM items WHERE collection_id = '${col.id}'`);
    // The interrupted batch is in D1 entirely or not at all.
    expect([500, 1000]).toContain(cut[0]!.n);
    if (outcome === 200) expect(cut[0]!.n).toBe(1000);

    origin = await start();
    for (const batch of batches) expect((await publish(origin, batch)).status).toBe(200);
    await stop();
    const rows = await d1<{ source_item_id: string; original_url: string }>(
      `SELECT source_item_id, original_url FROM items WHERE collection_id = '${col.id}'`,
    );
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r.source_item_id)).size).toBe(2000);
    expect(rows.map((r) => r.source_item_id).sort()).toEqual(
      batches
        .flat()
        .map((i) => i.sourceItemId)
        .sort(),
    );
    expect(
      (await d1<{ item_count: number }>(`SELECT item_count FROM collections WHERE id = '${col.id}'`))[0]!.item_count,
    ).toBe(2000);
  });

  it('a bulk approval cut by a worker restart is all or nothing, and retrying converges to the decided states', {
    timeout: 300_000,
  }, async () => {
    let origin = await start();
    const event = await createEvent(origin, owner);
    await contribute(origin, guest, event.token, await seedCollection(origin, guest, 1000, 'Guest'));
    const ids = (await pendingIds(origin, owner, event.id)).sort();
    expect(ids).toHaveLength(1000);
    const decisionOf = (k: number) => (k % 3 === 0 ? 'reject' : 'approve');
    const batches: { itemId: string; decision: string }[][] = [];
    for (let i = 0; i < ids.length; i += 250)
      batches.push(ids.slice(i, i + 250).map((itemId, k) => ({ itemId, decision: decisionOf(i + k) })));
    const decide = (o: string, decisions: unknown[]) =>
      fetch(`${o}/api/events/${event.id}/decisions`, {
        method: 'POST',
        headers: bearer(owner),
        body: JSON.stringify({ decisions }),
      });
    expect((await decide(origin, batches[0]!)).status).toBe(200);
    const outcome = await stopMidRequest(() => decide(origin, batches[1]!));
    const states = async () =>
      d1<{ item_id: string; state: string }>(
        `SELECT item_id, state FROM approvals WHERE event_id = '${event.id}' ORDER BY item_id`,
      );
    const second = new Set(batches[1]!.map((d) => d.itemId));
    const decidedInSecond = (await states()).filter((r) => second.has(r.item_id) && r.state !== 'pending').length;
    expect([0, 250]).toContain(decidedInSecond);
    if (outcome === 200) expect(decidedInSecond).toBe(250);

    origin = await start();
    for (const batch of batches) expect((await decide(origin, batch)).status).toBe(200);
    const viewer = (await (await fetch(`${origin}/api/public/events/${event.token}`)).json()) as { itemCount: number };
    await stop();
    const expected = ids.map((itemId, k) => ({
      item_id: itemId,
      state: decisionOf(k) === 'approve' ? 'approved' : 'rejected',
    }));
    expect(await states()).toEqual(expected);
    expect(viewer.itemCount).toBe(expected.filter((e) => e.state === 'approved').length);
  });
});
