// The portal's relay against direct delivery, same run, same file, under wrangler dev: time to first byte
// (share.relay_ttfb_ratio, relay over direct), streaming throughput (share.relay_mib_s, direct MiB/s as baseline),
// and which part of the bytes a guest of the mixed share (e2e/portal-delivery.e2e.ts: Drive, OneDrive personal, Blob
// without CORS) pulls through the relay when it opens the grid, plays the videos and downloads everything
// (share.relayed_bytes_share). The storage is e2e/delivery-support.ts's, on loopback: network cost is not measured,
// only what the worker adds.
import { randomBytes } from 'node:crypto';
import { mixedItems, publishShare, scenarioItem, startScenarioStorage } from '../e2e/delivery-support';
import { signInThroughPortal, startPortalStack } from '../e2e/portal-support';
import { type Figure, figure, quantile } from './figure';

const BIG = 32 * 2 ** 20;
const RUNS = 15;

/** Time to the first body chunk and the whole body's rate, reading from `url` in this process. */
async function timed(url: string) {
  const start = performance.now();
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status}`);
  const reader = res.body.getReader();
  let first = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!first) first = performance.now() - start;
    bytes += value.byteLength;
  }
  return { ttfbMs: first, mibS: bytes / 2 ** 20 / ((performance.now() - start) / 1000), bytes };
}

export async function run(): Promise<Figure[]> {
  const storage = await startScenarioStorage();
  const stack = await startPortalStack();
  try {
    const owner = await stack.owner.context.newPage();
    await signInThroughPortal(owner, stack, 'alice');
    storage.addFile('video-big', randomBytes(BIG), 'video/mp4');
    const big = scenarioItem(storage, 'video-big', 'video', {
      provider: 'azblob',
      grid: [],
      full: `${storage.origin}/blob/c/video-big?sig=x`,
      download: null,
      relaySource: `${storage.origin}/blob/c/video-big?sig=x`,
      referrer: 'no-referrer',
    });
    const bench = await publishShare(owner, 'Relay bench', [big]);
    const token = bench.url.split('/s/')[1]!;
    const direct = `${storage.origin.replace('localhost', '127.0.0.1')}/blob/c/video-big?sig=x`;
    const relay = `${stack.dev.origin}/api/relay/shares/${token}/items/${bench.ids.get('video-big')}`;
    await timed(relay); // warm the worker
    const d: { ttfbMs: number; mibS: number }[] = [];
    const r: { ttfbMs: number; mibS: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      d.push(await timed(direct));
      const through = await timed(relay);
      if (through.bytes !== BIG) throw new Error(`relay streamed ${through.bytes} of ${BIG} bytes`);
      r.push(through);
    }
    const median = (xs: number[]) => quantile(xs, 0.5);

    // The mixed share, as a guest in Chromium: grid, both videos, Download all.
    const mixed = await publishShare(owner, 'Mixed delivery', mixedItems(storage));
    const before = storage.requests.length;
    const viewer = await stack.guest.context.newPage();
    await viewer.goto(mixed.url);
    const button = viewer.getByRole('button', { name: 'Download all (16)' });
    await button.waitFor({ timeout: 60_000 });
    for (const id of ['video-od-16', 'video-thumb404-12']) {
      await viewer.locator(`.tile[data-item-id="${mixed.ids.get(id)}"]`).click();
      await viewer.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>('video.media')?.readyState ?? 0) >= 3,
      );
      await viewer.keyboard.press('Escape');
    }
    await viewer.waitForFunction(
      () => document.querySelector<HTMLButtonElement>('.download-all button')?.disabled === false,
    );
    await Promise.all([viewer.waitForEvent('download', { timeout: 120_000 }), button.click()]);
    const served = storage.requests.slice(before);
    const total = served.reduce((n, q) => n + q.bytes, 0);
    // The relay fetches server-side: no Sec-Fetch-Site, unlike every request of a browser.
    const relayed = served.filter((q) => q.site === null).reduce((n, q) => n + q.bytes, 0);

    return [
      figure(
        'share.relay_ttfb_ratio',
        median(r.map((x) => x.ttfbMs)) / median(d.map((x) => x.ttfbMs)),
        'ratio',
        null,
        null,
        `median TTFB ${median(r.map((x) => x.ttfbMs)).toFixed(1)} ms through the relay vs ${median(d.map((x) => x.ttfbMs)).toFixed(1)} ms direct, ${RUNS} runs of one 32 MiB file, loopback`,
      ),
      figure(
        'share.relay_mib_s',
        median(r.map((x) => x.mibS)),
        'MiB/s',
        median(d.map((x) => x.mibS)),
        null,
        'median over the runs; baseline: the same file read directly from the storage',
      ),
      figure(
        'share.relayed_bytes_share',
        relayed / total,
        'fraction',
        null,
        null,
        `${(relayed / 2 ** 20).toFixed(2)} of ${(total / 2 ** 20).toFixed(2)} MiB the storage served for one guest of the mixed share (grid, both videos, Download all) went through the relay`,
      ),
    ];
  } finally {
    await stack.close();
    await storage.close();
  }
}
