// Tiering (issue 19): items moved hot → cold per second by the extension's mover (copy in blocks, verify, switch,
// republish, trash) from the Graph contract server to azurite, beside a plain copy of the same bytes through the
// same endpoints in the same run; the bytes that passed through the extension per byte moved; and the failed loads
// of a guest that keeps loading every published link while the items move.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type Azurite, startAzurite } from '../dev-services/src/azurite';
import { type GraphServer, startGraphServer } from '../dev-services/src/graph/server';
import { demoPhotosDir, mimeTypeOf } from '../dev-services/src/seed/index';
import type { SourceRow } from '../extension/src/db/rows';
import type { PortalClient } from '../extension/src/features/sharing';
import type { ProviderDeps } from '../extension/src/features/sources';
import type { MoveEndpoint, MoverDeps } from '../extension/src/features/tiering/mover';
import { makeIndexItem } from '../shared/src/filter/item-factory';
import type { PlannedMove } from '../shared/src/tiering/plan';
import type { publishItemOf } from '../shared/src/sharing/publish-item';
import { type Figure, figure, quantile } from './figure';
import { sourceRow } from '../extension/src/testing/source-row';

const ITEMS = 60;
/** The import's Blob block size: what a real move streams at once. */
const BLOCK = 4 * 1024 * 1024;

// fake-indexeddb is the extension's dev dependency (its Dexie tests use it); the root has no IndexedDB.
const fakeIdb = createRequire(resolve(import.meta.dirname, '../extension/package.json'))('fake-indexeddb') as {
  IDBFactory: new () => IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
};

async function demoFiles(): Promise<{ name: string; bytes: Uint8Array; mimeType: string }[]> {
  const entries = await readdir(demoPhotosDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && mimeTypeOf(e.name) !== 'application/octet-stream');
  return Promise.all(
    files.map(async (e) => ({
      name: e.name,
      bytes: new Uint8Array(await readFile(join(e.parentPath, e.name))),
      mimeType: mimeTypeOf(e.name),
    })),
  );
}

/** The extension's own modules, loaded once the `?worker` imports of sources/ can resolve under Node. */
async function extension() {
  await import('./support/vite-worker-imports');
  const [{ HypomosDb }, sources, { moveEndpointFor }, { republishMoved }, { runTiering }] = await Promise.all([
    import('../extension/src/db'),
    import('../extension/src/features/sources'),
    import('../extension/src/features/tiering/endpoints'),
    import('../extension/src/features/tiering/republish'),
    import('../extension/src/features/tiering/run'),
  ]);
  return { HypomosDb, ...sources, moveEndpointFor, republishMoved, runTiering };
}

export async function run(): Promise<Figure[]> {
  const { HypomosDb, createProvider, webCryptoHmac, moveEndpointFor, republishMoved, runTiering } = await extension();
  let graph: GraphServer | undefined;
  let azurite: Azurite | undefined;
  try {
    [graph, azurite] = await Promise.all([startGraphServer(), startAzurite()]);
    const g = graph;
    const container = await azurite.createContainer('cold');
    const token = g.authority.issueAccessToken();
    const deps: ProviderDeps = {
      fetch,
      getAccessToken: async () => token,
      getAzureSecrets: async () => ({ accountKey: (azurite as Azurite).accountKey }),
      hmac: webCryptoHmac,
    };
    const db = new HypomosDb('tiering-bench', {
      indexedDB: new fakeIdb.IDBFactory(),
      IDBKeyRange: fakeIdb.IDBKeyRange,
    });
    const od = sourceRow('od', 'onedrive', { baseUrl: g.url });
    await db.sources.bulkPut([od, sourceRow('blob', 'azblob', { containerUrl: container.url })]);

    // ITEMS old photos and videos on OneDrive, each published in one link share (the guest's view of the portal is
    // the last link published per item, kept here as the portal would keep it).
    const files = await demoFiles();
    const odProvider = await createProvider(od, deps);
    const guestView = new Map<string, string>();
    const moves: PlannedMove[] = [];
    let movedBytes = 0;
    await db.shares.put({ id: 's1', collectionId: 'c1', state: 'active', portalCollectionId: 'pc1', kind: 'link' });
    for (let i = 0; i < ITEMS; i++) {
      const file = files[i % files.length]!;
      const path = `Pictures/2019/${i}/${file.name}`;
      const node = g.store.addFile({ path, bytes: Buffer.from(file.bytes), mimeType: file.mimeType });
      const item = makeIndexItem({
        providerItemId: node.id,
        sourceId: 'od',
        sourceKind: 'onedrive',
        name: file.name,
        folder: `Pictures/2019/${i}`,
        bytes: file.bytes.length,
        mimeType: file.mimeType,
        mediaType: file.mimeType.startsWith('video/') ? 'video' : 'image',
        contentHashes: {},
      });
      await db.items.put(item);
      const ref = { sourceId: 'od', id: node.id, path, media: item.mediaType ?? 'image' };
      const link = await odProvider.createLink(ref, null, { scope: 's1', portalOrigin: 'http://portal.test' });
      await db.published.put({ shareId: 's1', itemKey: item.key, state: 'published', at: 0, ref, link });
      guestView.set(`od:${node.id}`, link.delivery?.full ?? link.url);
      moves.push({
        key: item.key,
        from: 'od',
        to: 'blob',
        direction: 'to-cold',
        bytes: file.bytes.length,
        tier: 'Cold',
        needsRehydration: false,
      });
      movedBytes += file.bytes.length;
    }
    const client = {
      origin: 'http://portal.test',
      publish: async (_c: string, items: ReturnType<typeof publishItemOf>[]) => {
        for (const it of items) guestView.set(`${it.sourceId}:${it.sourceItemId}`, it.delivery?.full ?? it.originalUrl);
        return { results: items.map((_, index) => ({ index, status: 'updated', itemId: `p${index}` })) };
      },
    } as unknown as PortalClient;

    // The guest loads every tile, round after round, until told to stop.
    let guestLoads = 0;
    let guestErrors = 0;
    const loadAll = async () => {
      await Promise.all(
        [...guestView.values()].map(async (url) => {
          guestLoads++;
          try {
            const res = await fetch(url);
            await res.arrayBuffer();
            if (!res.ok) guestErrors++;
          } catch {
            guestErrors++;
          }
        }),
      );
    };
    // The guest keeps loading during the baseline copy too, so both timings share the same load.
    let polling = true;
    const poll = async () => {
      // A viewer reloading the share about once a second, not a flood that would time the contention instead.
      while (polling) await Promise.all([loadAll(), new Promise((ok) => setTimeout(ok, 1000))]);
    };
    let guest = poll();

    // Baseline: the same bytes copied through the same endpoints, block by block, and nothing else.
    const endpoint = async (id: string): Promise<MoveEndpoint> =>
      moveEndpointFor((await db.sources.get(id)) as SourceRow, deps, { blobBlockSize: BLOCK });
    const [from, to] = [await endpoint('od'), await endpoint('blob')];
    const copyAll = async (list: readonly PlannedMove[], folder: string) => {
      for (const m of list) await copyOne(m, folder);
    };
    const copyOne = async (m: PlannedMove, folder: string) => {
      const item = (await db.items.get(m.key as never))!;
      let cp = await to.uploader.begin({
        sourceId: 'blob',
        folderPath: `${folder}/${item.folder}`,
        name: item.name,
        size: m.bytes,
        mimeType: item.mimeType ?? 'application/octet-stream',
      });
      for (;;) {
        const end = Math.min(cp.offset + to.uploader.fragmentSize, m.bytes);
        const chunk = await from.readRange({ id: item.providerItemId, path: '' }, cp.offset, end);
        const sent = await to.uploader.send(cp, new Blob([chunk as BlobPart]));
        if (sent.state === 'done') break;
        cp = sent.checkpoint;
      }
    };
    // Warm connections and JIT first: the timed phase that ran first would otherwise pay for both.
    await copyAll(moves.slice(0, 10), 'warm-up');
    let t = performance.now();
    await copyAll(moves, 'baseline');
    const copyS = (performance.now() - t) / 1000;
    polling = false;
    await guest;
    const errorsBefore = guestErrors;
    guestLoads = 0;
    guestErrors = 0;

    const mover: MoverDeps = {
      db,
      now: Date.now,
      endpoint,
      republish: (key) =>
        republishMoved({ db, client: async () => client, providerFor: (s) => createProvider(s, deps) }, key),
    };
    polling = true;
    guest = poll();
    t = performance.now();
    const t0 = Date.now();
    const progress = await runTiering(mover, moves, () => undefined);
    const moveS = (performance.now() - t) / 1000;
    polling = false;
    await guest;
    const rounds = guestLoads / ITEMS;
    await loadAll();
    if (progress.done !== ITEMS) throw new Error(`${progress.failed} of ${ITEMS} moves stopped`);
    const rows = await db.tierMoves.toArray();
    const browserBytes = rows.reduce((a, r) => a + r.browserBytes, 0);
    // Where a move's time goes: median ms from one logged step to the next, named by the step reached.
    const steps = new Map<string, number[]>();
    // The first, 'copying', counts from the previous move's end (its endpoints and upload session), not from
    // the enqueue, when every move was queued at once.
    const order = [...rows].sort((a, b) => (a.log[1]?.at ?? 0) - (b.log[1]?.at ?? 0));
    for (const [n, r] of order.entries())
      for (const [i, entry] of r.log.entries()) {
        if (i === 0) continue;
        const since = i === 1 ? (order[n - 1]?.log.at(-1)?.at ?? t0) : (r.log[i - 1]?.at ?? 0);
        steps.set(entry.state, [...(steps.get(entry.state) ?? []), entry.at - since]);
      }
    const perStep = [...steps].map(([state, ms]) => `${state} ${quantile(ms, 0.5)}`).join(', ');

    return [
      figure(
        'tiering.items_per_s',
        ITEMS / moveS,
        'items/s',
        ITEMS / copyS,
        null,
        `${ITEMS} demo photos and videos (${(movedBytes / 2 ** 20).toFixed(1)} MiB) moved one at a time, Graph contract server → azurite (Cold tier), each with one link share republished; baseline: the same bytes copied through the same endpoints (range reads, Put Block + Put Block List) without hashing, verify, index switch, republish or trash, while the same guest polls; median ms per move step: ${perStep}`,
      ),
      figure(
        'tiering.browser_bytes_per_moved_byte',
        browserBytes / movedBytes,
        'bytes/byte',
        null,
        '0 where server-side copy exists',
        'azurite 3.35 answers Put Blob From URL / Put Block From URL with 501, so every byte streams through the extension (tiering/endpoints.ts)',
      ),
      figure(
        'tiering.guest_errors_during_move',
        guestErrors,
        'failed loads',
        errorsBefore,
        '0',
        `a Node guest loading every published link of the share during the move (${rounds.toFixed(1)} full rounds, ${guestLoads} loads) and once after; baseline: its failed loads during the baseline copy, before any move. No browser and no portal: the portal's item is the last link published`,
      ),
    ];
  } finally {
    await graph?.close();
    await azurite?.close();
  }
}
