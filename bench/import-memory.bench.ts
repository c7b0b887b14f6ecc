// Import (issue 18): the JS heap the import engine needs for 10,000 picked files, from picking through hashing,
// reading capture times, planning, and the Import page's read of all the job's rows (it re-reads them every 0.7 s).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startGraphServer } from '../dev-services/src/graph/server';
import { type Figure, figure } from './figure';
import type { PickedFile } from './support/import-engine';
import { loadImportEngine } from './support/import-engine-bundle';

const FILES = 10_000;
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => process.memoryUsage().heapUsed;
const settled = () => {
  gc();
  gc();
  return heap();
};

export async function run(): Promise<Figure[]> {
  const { createEngine } = await loadImportEngine();
  // Nothing is sent: the destination is only read for the plan (no items there), so any URL serves.
  const graph = await startGraphServer();
  try {
    const engine = await createEngine({
      destination: { kind: 'onedrive', config: { baseUrl: graph.url } },
      token: '',
      fetch,
    });
    // A real camera JPEG with a distinct tail per file, so none is planned as picked twice.
    const head = readFileSync(
      resolve(import.meta.dirname, '../../shared/corpora/immich-test-assets/metadata/dates/datetimeoriginal-gps.jpg'),
    );
    const before = settled();
    const picked: PickedFile[] = Array.from({ length: FILES }, (_, i) => {
      const name = `IMG_${String(i).padStart(5, '0')}.JPG`;
      const file = new File([head, `#${i}`], name, { type: 'image/jpeg', lastModified: Date.UTC(2026, 0, 2) });
      return { file, relPath: `DCIM/100CANON/${name}` };
    });
    const pickedHeap = settled() - before;
    let peak = heap();
    const sampler = setInterval(() => {
      peak = Math.max(peak, heap());
    }, 10);
    const t = performance.now();
    const jobId = await engine.prepare(picked);
    for (let i = 0; i < 3; i++) {
      const rows = await engine.files(jobId);
      peak = Math.max(peak, heap());
      if (rows.length !== FILES || rows.some((r) => r.state !== 'queued'))
        throw new Error(`expected ${FILES} queued rows, found ${rows.filter((r) => r.state === 'queued').length}`);
    }
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, heap());
    const retained = settled() - before;
    return [
      figure(
        'import.memory_mib_10k',
        (peak - before) / MiB,
        'MiB',
        retained / MiB,
        null,
        `Peak JS heap (Node, sampled every 10 ms) above the start while ${FILES.toLocaleString('en')} picked JPEGs are hashed, read, planned into 10,000 rows and read back 3 times as the page does; ${seconds.toFixed(0)} s. The picked File objects alone: ${(pickedHeap / MiB).toFixed(1)} MiB. fake-indexeddb keeps the rows in this same heap, where a browser keeps them in its IndexedDB backend, so this is an upper bound for the engine; the page's DOM and React state are not measured. Baseline: heap still held after a full GC at the end (the File objects and the in-heap database)`,
      ),
    ];
  } finally {
    await graph.close();
  }
}
