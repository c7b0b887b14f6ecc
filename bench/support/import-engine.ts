// The import engine as the dashboard runs it (prepare, plan, ImportRun with the real uploaders), over
// fake-indexeddb. Bundled by import-engine-bundle.ts, because the extension's sources pull in Vite worker imports.
import { DEFAULT_PATTERN } from '../../shared/src/import/destination';
import { extractMetadata } from '../../shared/src/metadata/extract';
import { IDBFactory, IDBKeyRange } from '../../extension/node_modules/fake-indexeddb'; // the extension's dev dependency
import { HypomosDb } from '../../extension/src/db';
import type { SourceRow } from '../../extension/src/db/rows';
import type { ImportDeps, PickedFile } from '../../extension/src/features/import/deps';
import { hashFile } from '../../extension/src/features/import/hash-file';
import { prepareImport } from '../../extension/src/features/import/prepare';
import { ImportRun, type RunOutcome } from '../../extension/src/features/import/queue';
import type { ImportFileRow } from '../../extension/src/features/import/rows';
import { ImportStore } from '../../extension/src/features/import/store';
import { uploaderFor } from '../../extension/src/features/import/uploaders';

export type { ImportFileRow, PickedFile, RunOutcome };

export interface Engine {
  deps: ImportDeps;
  /** Hashes, reads and plans the picked files; returns the job id. */
  prepare(picked: PickedFile[]): Promise<string>;
  /** A fresh run over the same database, as after a reload; `started` gets it to pause it. */
  run(jobId: string, picked: PickedFile[], started?: (run: ImportRun) => void): Promise<RunOutcome>;
  files(jobId: string): Promise<ImportFileRow[]>;
}

let dbs = 0;

/**
 * An engine importing into `destination`, `parallel` files at once: OneDrive or Google Drive at the contract
 * server's `baseUrl` (signed in with `token`), or a Blob container through its `sasUrl`.
 */
export async function createEngine(opts: {
  destination: Pick<SourceRow, 'kind' | 'config'>;
  token: string;
  fetch: typeof fetch;
  parallel?: number;
}): Promise<Engine> {
  const db = new HypomosDb(`import-bench-${dbs++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const source: SourceRow = {
    id: 'dest1',
    name: 'Destination',
    ...opts.destination,
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  };
  await db.sources.put(source);
  let ids = 0;
  const deps: ImportDeps = {
    db,
    store: new ImportStore(db),
    clock: { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), id: () => `job${ids++}` },
    hashFile,
    extractMetadata,
    uploaderFor: (s) => uploaderFor(s, { fetch: opts.fetch, getAccessToken: async () => opts.token }),
    parallel: opts.parallel ?? 3,
  };
  return {
    deps,
    async prepare(picked) {
      const job = await prepareImport(deps, picked, {
        sourceId: source.id,
        pattern: DEFAULT_PATTERN,
        label: 'DCIM',
        dirHandle: null,
      });
      return job.jobId;
    },
    run(jobId, picked, started) {
      const run = new ImportRun(
        { ...deps, store: new ImportStore(db) },
        jobId,
        async (r) => picked[r.seq]?.file ?? null,
      );
      started?.(run);
      return run.run();
    },
    files: (jobId) => deps.store.files(jobId),
  };
}
