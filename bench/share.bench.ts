// Sharing: how fast the extension publishes a 10,000-item collection (a delegated link per item from the Graph
// contract server, then batches of 500 to the portal under wrangler dev), against the raw API batch rate without
// link creation; and how long a deletion at the source takes to disappear for a guest once a sync runs, against
// the default sync interval (the alarm that starts that sync in production).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeIndexItem } from '../shared/src/filter/item-factory';
import { demoPhotosDir } from '../dev-services/src/seed/index';
import { pairInTab, publicItems, putCollection, startShareStack, waitShare } from '../e2e/share-support';
import { type Figure, figure } from './figure';

const ITEMS = 10_000;
const DEFAULT_SYNC_INTERVAL_S = 15 * 60;

export async function run(): Promise<Figure[]> {
  const stack = await startShareStack();
  try {
    await pairInTab(stack, 'alice');
    const od = stack.sourceIds.onedrive;
    const gd = stack.sourceIds.gdrive;
    // 10,000 files on the Drive contract server, indexed as the scanner would have left them (the scan itself is
    // scan.bench's; Drive is never synced here, so they are not read again).
    const bytes = await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg'));
    const nodes = Array.from({ length: ITEMS }, (_, i) =>
      stack.demo.drive.store.addFile({ path: `Bench/${i}.jpg`, bytes, mimeType: 'image/jpeg' }),
    );
    const rows = nodes.map((n, i) =>
      makeIndexItem({
        providerItemId: n.id,
        sourceId: gd,
        sourceKind: 'gdrive',
        name: `${i}.jpg`,
        folder: 'Bench',
        mediaType: 'image',
        mimeType: 'image/jpeg',
        width: 1200,
        height: 800,
        takenAt: Date.UTC(2024, 0, 1) + i * 1000,
        addedAt: Date.now(),
      }),
    );
    for (let i = 0; i < rows.length; i += 1000) {
      await stack.client.page.evaluate(
        async (chunk) => {
          const db: IDBDatabase = await new Promise((ok, ko) => {
            const open = indexedDB.open('hypomos');
            open.onsuccess = () => ok(open.result);
            open.onerror = () => ko(open.error);
          });
          await new Promise<void>((ok, ko) => {
            const tx = db.transaction('items', 'readwrite');
            for (const r of chunk) tx.objectStore('items').put(r);
            tx.oncomplete = () => ok();
            tx.onerror = () => ko(tx.error);
          });
          db.close();
        },
        rows.slice(i, i + 1000),
      );
    }
    await putCollection(stack.client, {
      id: 'bench',
      kind: 'static',
      title: 'Bench',
      itemKeys: rows.map((r) => r.key),
      filter: null,
    });
    const started = performance.now();
    const { shareId } = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'bench',
      kind: 'link',
      title: 'Bench',
    });
    const share = await waitShare(
      stack.client,
      shareId,
      (s) => !!s.url && (s.counts.published ?? 0) + (s.counts.failed ?? 0) === ITEMS,
      1_800_000,
    );
    const publishS = (performance.now() - started) / 1000;

    // Baseline: the same 10,000 items straight to the API with the extension's token, links already made.
    const { token } = (await stack.client.page.evaluate(
      async () =>
        (
          await (
            globalThis as unknown as {
              chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
            }
          ).chrome.storage.local.get('hypomos.portal')
        )['hypomos.portal'],
    )) as { token: string };
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${stack.portal.origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    };
    const col = await call('POST', '/api/collections', { title: 'Baseline', kind: 'static' });
    const items = rows.map((r) => ({
      sourceId: gd,
      sourceItemId: `raw-${r.providerItemId}`,
      mediaType: 'image',
      originalUrl: `${stack.demo.drive.url}/uc?id=${r.providerItemId}`,
      width: 1200,
      height: 800,
    }));
    const rawStart = performance.now();
    for (let i = 0; i < items.length; i += 500)
      await call('POST', `/api/collections/${col.id}/items`, { items: items.slice(i, i + 500) });
    const rawS = (performance.now() - rawStart) / 1000;

    // Propagation: a small live share of the OneDrive source; a file deleted there, then a sync of that source (the
    // alarm's job), until the guest's API no longer lists it.
    await putCollection(stack.client, {
      id: 'live',
      kind: 'dynamic',
      title: 'Live',
      itemKeys: [],
      filter: { kind: 'source', sourceIds: [od] },
    });
    const live = await stack.client.send<{ shareId: string }>({
      type: 'sharing.create',
      collectionId: 'live',
      kind: 'link',
      title: 'Live',
    });
    const liveShare = await waitShare(stack.client, live.shareId, (s) => !!s.url && !s.counts.pending, 300_000);
    const before = (await publicItems(stack, liveShare.url!)).length;
    const victim = stack.demo.graph.store.findByPath('Pictures/Nature/el_torcal_rocks.jpg')!;
    stack.demo.graph.store.remove(victim.id);
    const deleteStart = performance.now();
    await stack.client.send({ type: 'sources.sync', sourceId: od });
    while ((await publicItems(stack, liveShare.url!)).length >= before) {
      if (performance.now() - deleteStart > 600_000) throw new Error('deletion did not propagate in 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const propagationS = (performance.now() - deleteStart) / 1000;
    return [
      figure(
        'share.publish_items_per_s',
        ITEMS / publishS,
        'items/s',
        ITEMS / rawS,
        '≥ 0.25 × the raw API batch rate',
        `10,000 items, failed ${share.counts.failed ?? 0}; baseline: the same batches without link creation`,
      ),
      figure(
        'share.propagation_delay_s',
        propagationS,
        's',
        DEFAULT_SYNC_INTERVAL_S,
        '≤ the sync interval',
        'measured from the sync start; in production add the wait for the sync alarm (up to the interval)',
      ),
    ];
  } finally {
    await stack.close();
  }
}
