// Import (issue 18), sending: the dashboard's import engine (ImportRun with each provider's uploader, a checkpoint in
// IndexedDB after each fragment, 3 files at once) into the Graph contract server (OneDrive upload sessions, 3.2 MiB
// fragments), the Drive contract server (resumable uploads, 3 MiB chunks) and azurite (Put Block + Put Block List,
// 4 MiB blocks), each beside a raw sequential upload of the same bytes in the same run; and the bytes sent twice
// when an import is stopped mid-fragment and started again from its checkpoints, as after a closed tab.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Azurite, startAzurite } from '../dev-services/src/azurite';
import { startDriveServer } from '../dev-services/src/drive/server';
import { startGraphServer } from '../dev-services/src/graph/server';
import { type Figure, figure } from './figure';
import type { Engine, PickedFile } from './support/import-engine';
import { loadImportEngine } from './support/import-engine-bundle';

const MiB = 1024 * 1024;
const UPLOAD_FILES = 12;
const UPLOAD_FILE_MIB = 6;
const ROUNDS = 3;
const RESUME_FILES = 3;
const RESUME_FILE_MIB = 10;

// A real camera JPEG head (EXIF, capture time) followed by random bytes, so each file is a distinct, large photo
// that the metadata pipeline reads as it would a card's.
const head = readFileSync(
  resolve(import.meta.dirname, '../../shared/corpora/immich-test-assets/albums/nature/prairie_falcon.jpg'),
);
function photos(count: number, mib: number, prefix: string): PickedFile[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}_${String(i).padStart(4, '0')}.JPG`;
    const file = new File([head, randomBytes(mib * MiB - head.length)], name, {
      type: 'image/jpeg',
      lastModified: Date.UTC(2026, 0, 2),
    });
    return { file, relPath: `DCIM/${name}` };
  });
}

/**
 * fetch that counts the body bytes of every PUT of file bytes (fragments, blocks), by file (`fileOf` the URL: the
 * upload session, or the blob's path). `stopMidPut(n, stop)`: the n-th such PUT sends the first half of its body,
 * then `stop()` runs while the rest is still to go (as a closed tab cuts a fragment).
 */
function countingFetch(fileOf: (url: URL) => string) {
  const putBytes = new Map<string, number>();
  let stopAt = 0;
  let stop: () => void = () => undefined;
  let puts = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const sent = init?.body;
    if (init?.method !== 'PUT' || !(sent instanceof Blob || sent instanceof Uint8Array)) return fetch(input, init);
    const file = fileOf(new URL(String(input)));
    putBytes.set(file, (putBytes.get(file) ?? 0) + (sent instanceof Blob ? sent.size : sent.byteLength));
    if (++puts !== stopAt) return fetch(input, init);
    const bytes = sent instanceof Blob ? new Uint8Array(await sent.arrayBuffer()) : sent;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(bytes.subarray(0, bytes.length >> 1)),
      // Asked for more once the first half is out: stop, and never send the rest.
      pull: () => {
        stop();
        return new Promise<void>(() => undefined);
      },
    });
    return fetch(input, { ...init, body, duplex: 'half' } as RequestInit);
  };
  return {
    fetch: wrapped,
    putBytes,
    total: () => [...putBytes.values()].reduce((a, b) => a + b, 0),
    stopMidPut: (n: number, f: () => void) => {
      stopAt = n;
      stop = f;
    },
  };
}

/** A destination of the import, started for one measurement, with the plainest upload its API allows. */
interface Destination {
  /** Figure name suffix: '' for OneDrive (the first figures), '_drive', '_blob'. */
  suffix: string;
  label: string;
  /** The import's fragment (OneDrive, Drive) or block (Blob) size. */
  fragment: number;
  fragmentText: string;
  /** Which file a PUT's URL belongs to. */
  fileOf: (url: URL) => string;
  engine: (f: typeof fetch) => Promise<Engine>;
  /** One file after another, the whole file in one request (or one session and one PUT). */
  raw: (picked: PickedFile[]) => Promise<void>;
  rawText: string;
  close: () => Promise<void>;
}

async function engine(destination: Parameters<Awaited<ReturnType<typeof loadImportEngine>>['createEngine']>[0]) {
  const { createEngine } = await loadImportEngine();
  return createEngine(destination);
}

async function oneDrive(): Promise<Destination> {
  const graph = await startGraphServer();
  const token = graph.authority.issueAccessToken();
  return {
    suffix: '',
    label: 'the Graph contract server (OneDrive upload sessions)',
    fragment: 10 * 320 * 1024,
    fragmentText: '3.2 MiB fragments',
    fileOf: (u) => u.href,
    engine: (f) =>
      engine({ destination: { kind: 'onedrive', config: { baseUrl: graph.url } }, token, fetch: f, parallel: 3 }),
    raw: async (picked) => {
      for (const { file } of picked) {
        const res = await fetch(`${graph.url}/v1.0/me/drive/root:/Raw/${file.name}:/createUploadSession`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'rename', fileSize: file.size } }),
        });
        const { uploadUrl } = (await res.json()) as { uploadUrl: string };
        const put = await fetch(uploadUrl, {
          method: 'PUT',
          headers: { 'Content-Range': `bytes 0-${file.size - 1}/${file.size}` },
          body: file,
        });
        if (put.status !== 201) throw new Error(`raw PUT answered ${put.status}`);
        await put.arrayBuffer();
      }
    },
    rawText: 'one upload session and one whole-file PUT per file',
    close: () => graph.close(),
  };
}

async function googleDrive(): Promise<Destination> {
  const drive = await startDriveServer();
  const token = drive.authority.issueAccessToken();
  return {
    suffix: '_drive',
    label: 'the Drive contract server (resumable uploads)',
    fragment: 12 * 256 * 1024,
    fragmentText: '3 MiB chunks',
    fileOf: (u) => u.href,
    engine: (f) =>
      engine({ destination: { kind: 'gdrive', config: { baseUrl: drive.url } }, token, fetch: f, parallel: 3 }),
    raw: async (picked) => {
      for (const { file } of picked) {
        const res = await fetch(`${drive.url}/upload/drive/v3/files?uploadType=resumable&fields=id`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json; charset=UTF-8',
            'X-Upload-Content-Type': file.type,
            'X-Upload-Content-Length': String(file.size),
          },
          body: JSON.stringify({ name: file.name }),
        });
        await res.arrayBuffer();
        const location = res.headers.get('location');
        if (!location) throw new Error(`raw session answered ${res.status}`);
        const put = await fetch(location, {
          method: 'PUT',
          headers: { 'Content-Range': `bytes 0-${file.size - 1}/${file.size}` },
          body: file,
        });
        if (put.status !== 200 && put.status !== 201) throw new Error(`raw PUT answered ${put.status}`);
        await put.arrayBuffer();
      }
    },
    rawText: 'one resumable session and one whole-file PUT per file',
    close: () => drive.close(),
  };
}

async function blob(): Promise<Destination> {
  const azurite: Azurite = await startAzurite();
  try {
    const container = await azurite.createContainer('photos');
    // What a user hands Hypomos to import into a container: read, create, write, list.
    const sasUrl = `${container.url}?${await container.sas('rcwl', new Date(Date.now() + 3600_000))}`;
    const sas = new URL(sasUrl).search.slice(1);
    return {
      suffix: '_blob',
      label: 'azurite (Put Block + Put Block List)',
      fragment: 4 * 1024 * 1024,
      fragmentText: '4 MiB blocks',
      fileOf: (u) => u.pathname,
      engine: (f) => engine({ destination: { kind: 'azblob', config: { sasUrl } }, token: '', fetch: f, parallel: 3 }),
      raw: async (picked) => {
        for (const { file } of picked) {
          const put = await fetch(`${container.url}/Raw/${file.name}?${sas}`, {
            method: 'PUT',
            headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': file.type },
            body: file,
          });
          if (put.status !== 201) throw new Error(`raw Put Blob answered ${put.status}`);
          await put.arrayBuffer();
        }
      },
      rawText: 'one Put Blob (the whole file in one request) per file',
      close: () => azurite.close(),
    };
  } catch (e) {
    await azurite.close();
    throw e;
  }
}

async function uploadThroughput(make: () => Promise<Destination>): Promise<Figure> {
  const dest = await make();
  try {
    const engine = await dest.engine(countingFetch(dest.fileOf).fetch);
    // Best of 3, alternating, so a burst of load from other processes on the machine hits both sides alike.
    let importS = Number.POSITIVE_INFINITY;
    let rawS = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round++) {
      const picked = photos(UPLOAD_FILES, UPLOAD_FILE_MIB, `IMG${round}`);
      const jobId = await engine.prepare(picked);
      let t = performance.now();
      const outcome = await engine.run(jobId, picked);
      importS = Math.min(importS, (performance.now() - t) / 1000);
      const rows = await engine.files(jobId);
      if (outcome !== 'finished' || rows.some((r) => r.state !== 'done'))
        throw new Error(`import ${outcome}: ${rows.map((r) => `${r.name} ${r.state} ${r.error ?? ''}`).join('; ')}`);
      t = performance.now();
      await dest.raw(picked);
      rawS = Math.min(rawS, (performance.now() - t) / 1000);
    }
    const mib = UPLOAD_FILES * UPLOAD_FILE_MIB;
    return figure(
      `import.upload_mib_s${dest.suffix}`,
      mib / importS,
      'MiB/s',
      mib / rawS,
      null,
      `ImportRun into ${dest.label} (same process, loopback): ${UPLOAD_FILES} × ${UPLOAD_FILE_MIB} MiB photos, 3 at once, ${dest.fragmentText}, IndexedDB (fake-indexeddb) checkpoint after each, hash check and indexing from the local bytes; hashing before the send not timed (import.hash_mib_s); best of 3 rounds. Baseline: ${dest.rawText}, one file after another, same bytes, best of the same 3 rounds`,
    );
  } finally {
    await dest.close();
  }
}

async function resentAfterStop(make: () => Promise<Destination>): Promise<Figure> {
  const dest = await make();
  try {
    const counter = countingFetch(dest.fileOf);
    const engine = await dest.engine(counter.fetch);
    const picked = photos(RESUME_FILES, RESUME_FILE_MIB, 'MVI');
    const jobId = await engine.prepare(picked);
    // Stop half-way through a second fragment; a fresh run then resumes from IndexedDB.
    let stopping: { pause(): void } | null = null;
    counter.stopMidPut(RESUME_FILES + 2, () => stopping?.pause());
    const first = await engine.run(jobId, picked, (run) => {
      stopping = run;
    });
    if (first !== 'paused') throw new Error(`the first run ended ${first}, not paused`);
    const sentBeforeStop = counter.total();
    counter.stopMidPut(0, () => undefined);
    const second = await engine.run(jobId, picked);
    const rows = await engine.files(jobId);
    if (second !== 'finished' || rows.some((r) => r.state !== 'done'))
      throw new Error(
        `resumed import ${second}: ${rows.map((r) => `${r.name} ${r.state} ${r.error ?? ''}`).join('; ')}`,
      );
    const size = RESUME_FILE_MIB * MiB;
    const perFile = [...counter.putBytes.values()].map((sent) => sent - size);
    if (perFile.length !== RESUME_FILES) throw new Error(`PUTs counted for ${perFile.length} files`);
    const worst = Math.max(...perFile);
    return figure(
      `import.resume_resent_bytes${dest.suffix}`,
      worst,
      'B',
      dest.fragment,
      `≤ one fragment (${dest.fragment.toLocaleString('en-US')} B)`,
      `Worst file of ${RESUME_FILES} × ${RESUME_FILE_MIB} MiB sent to ${dest.label}, stopped half-way through a fragment (ImportRun.pause aborts the PUTs in flight) ${(sentBeforeStop / MiB) | 0} MiB in, then a new run over the same IndexedDB resumes from the provider's own record of what it holds: bytes handed to PUT beyond the file's size (an aborted fragment counts whole). All files: ${perFile.join(', ')} B. Baseline: one fragment (${dest.fragmentText})`,
    );
  } finally {
    await dest.close();
  }
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const make of [oneDrive, googleDrive, blob])
    figures.push(await uploadThroughput(make), await resentAfterStop(make));
  return figures;
}
