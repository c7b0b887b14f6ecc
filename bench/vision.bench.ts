// On-device vision: per-stage time and throughput of the extension's pipeline (real models in module workers, in
// Debian Chromium), face clustering quality on the face-api.js set, near-duplicate recall at precision ≥ 0.95 on the
// imagededup set, OCR time, the same models under Node (CLI), and how much the vision files add to the extension.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeImage, loadDetector } from '../cli/src/commands/vision-node';
import type { VisionCheckResult } from '../extension/src/features/vision/check';
import { CHROME_EXTENSION_DIR } from '../e2e/harness/chromium';
import { corpora, openVisionCheck, readTsv, serveFolder } from '../e2e/vision-support';
import { analyzeImage, cleanDetections } from '../shared/src/vision/analysis';
import { averageLinkage } from '../shared/src/vision/cluster';
import { padToRgb } from '../shared/src/vision/image';
import { pairwiseScores, purityAndRecall } from '../shared/src/vision/metrics';
import { type Figure, figure } from './figure';

const faceRoot = `${corpora}/faces-face-api-js`;
const dedupRoot = `${corpora}/dedup-imagededup`;

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}

async function ensureBuilt(): Promise<void> {
  if (await stat(join(CHROME_EXTENSION_DIR, 'vision-check.html')).catch(() => null)) return;
  const ext = resolve(import.meta.dirname, '../extension');
  await promisify(execFile)(join(ext, 'node_modules/.bin/wxt'), ['build'], {
    cwd: ext,
    env: { ...process.env, HYPOMOS_DEMO: '1' },
  });
}

/** Bytes the vision feature adds: model/wasm files, the worker bundle, and the self-check page. */
async function sizeFigures(): Promise<Figure[]> {
  const total = await dirBytes(CHROME_EXTENSION_DIR);
  let vision = await dirBytes(join(CHROME_EXTENSION_DIR, 'vision'));
  for (const sub of ['assets', 'chunks']) {
    for (const f of await readdir(join(CHROME_EXTENSION_DIR, sub))) {
      if (/^vision(\.worker|-check)/.test(f)) vision += (await stat(join(CHROME_EXTENSION_DIR, sub, f))).size;
    }
  }
  const mb = (b: number) => b / 2 ** 20;
  return [
    figure(
      'extension.vision_size',
      mb(vision),
      'MiB',
      mb(total - vision),
      null,
      'baseline: the rest of the Chrome build',
    ),
  ];
}

function clusterScores(result: VisionCheckResult, personOf: Map<string, string>) {
  const largest = new Map<string, { personId: string; area: number }>();
  for (const f of result.faces) {
    const area = f.box[2] * f.box[3];
    if (personOf.has(f.id) && f.personId && (largest.get(f.id)?.area ?? -1) < area)
      largest.set(f.id, { personId: f.personId, area });
  }
  const clusters = new Map<string, string[]>();
  for (const [id, f] of largest) clusters.set(f.personId, [...(clusters.get(f.personId) ?? []), id]);
  const truth = new Map<string, string[]>();
  for (const [path, person] of personOf) truth.set(person, [...(truth.get(person) ?? []), path]);
  return {
    ...pairwiseScores([...clusters.values()], [...truth.values()]),
    ...purityAndRecall([...clusters.values()], (id) => personOf.get(id) as string),
  };
}

/** The same detector and clustering under Node (the CLI path), with and without the padding, on the 40 crops. */
async function nodeFigures(labelled: Record<string, string>[], personOf: Map<string, string>): Promise<Figure[]> {
  const detect = await loadDetector();
  const vectors: number[][] = [];
  const ids: string[] = [];
  let unpaddedFound = 0;
  let paddedFound = 0;
  const t0 = performance.now();
  for (const r of labelled) {
    const img = decodeImage(await readFile(`${faceRoot}/${r.path}`));
    const analysis = await analyzeImage(img, detect);
    if (analysis.faces[0]) {
      paddedFound++;
      vectors.push(analysis.faces[0].embedding);
      ids.push(r.path as string);
    }
    const bare = padToRgb(img, 0);
    if (cleanDetections(await detect(bare.rgb, bare.width, bare.height), img, 0, 0).faces.length > 0) unpaddedFound++;
  }
  const msPerImage = (performance.now() - t0) / labelled.length / 2;
  const groups = averageLinkage(vectors).map((g) => g.map((i) => ids[i] as string));
  const truth = new Map<string, string[]>();
  for (const [path, person] of personOf) truth.set(person, [...(truth.get(person) ?? []), path]);
  return [
    figure(
      'faces.pairwise_f1_cli',
      pairwiseScores(groups, [...truth.values()]).f1,
      'F1',
      null,
      '≥ 0.9',
      'Node, whole set clustered at once',
    ),
    figure(
      'faces.crops_detected_padded',
      paddedFound / labelled.length,
      'share',
      unpaddedFound / labelled.length,
      null,
      'baseline: no padding',
    ),
    figure(
      'vision.cli_ms_per_image',
      msPerImage,
      'ms',
      null,
      null,
      'Node TFJS wasm, one thread, detect+describe+objects',
    ),
  ];
}

export async function run(): Promise<Figure[]> {
  await ensureBuilt();
  const figures = await sizeFigures();
  const labelled = (await readTsv(`${faceRoot}/labels.tsv`)).filter((r) => r.person);
  const personOf = new Map(labelled.map((r) => [r.path as string, r.person as string]));
  const unlabelled = (await readTsv(`${faceRoot}/labels.tsv`)).filter((r) => !r.person).map((r) => r.path as string);
  // Node first: its per-image model time is the baseline of the extension's whole-pipeline figure.
  figures.push(...(await nodeFigures(labelled, personOf)));
  const faceServer = await serveFolder(faceRoot);
  const dedupServer = await serveFolder(dedupRoot);
  const ocrServer = await serveFolder(resolve(import.meta.dirname, '../e2e/fixtures/vision'));
  const session = await openVisionCheck();
  try {
    // Faces: the 40 labelled crops plus the 12 group and expression photos, as one library.
    const faceSet = [...personOf.keys(), ...unlabelled].map((p) => ({ id: p, url: `${faceServer.url}/${p}`, name: p }));
    const faces = await session.check(faceSet);
    const t = faces.times;
    const per = (ms: number) => ms / Math.max(1, t.images);
    const s = clusterScores(faces, personOf);
    figures.push(
      figure('faces.pairwise_f1', s.f1, 'F1', null, '≥ 0.9', 'extension, incremental clustering'),
      figure('faces.purity', s.purity, 'share', null, null),
      figure('faces.cluster_recall', s.recall, 'share', null, null),
      figure(
        'vision.ms_per_image',
        t.wallMs / Math.max(1, t.images),
        'ms',
        figures.find((f) => f.name === 'vision.cli_ms_per_image')?.value ?? null,
        null,
        `whole pipeline in the extension (thumbnail → workers → OCR where likely → write → clustering), wall time per image with ${faces.workers} workers; baseline = the CLI's models alone per image under Node, one thread, same run`,
      ),
      figure('vision.ms_per_image.thumbnail', per(t.thumbnailMs), 'ms', null, null),
      figure('vision.ms_per_image.decode', per(t.decodeMs), 'ms', null, null),
      figure('vision.ms_per_image.models', per(t.modelMs), 'ms', null, null, `per worker; ${faces.workers} workers`),
      figure('vision.ms_per_image.cluster', per(t.clusterMs), 'ms', null, null),
      figure('vision.ms_per_image.write', per(t.writeMs), 'ms', null, null),
      figure(
        'vision.images_per_min',
        (t.images / t.wallMs) * 60_000,
        'images/min',
        null,
        null,
        `${faceSet.length} photos, ${faces.workers} workers, models loaded in ${faces.loadMs.toFixed(0)} ms`,
      ),
    );

    const ocr = await session.check([
      { id: 'bill.png', url: `${ocrServer.url}/bill.png`, name: 'bill.png', mimeType: 'image/png' },
    ]);
    figures.push(
      figure(
        'vision.ms_per_image.ocr',
        ocr.times.ocrMs / Math.max(1, ocr.times.ocrImages),
        'ms',
        null,
        null,
        'tesseract.js, one document image',
      ),
    );

    const labels = await readTsv(`${dedupRoot}/labels.tsv`);
    const groupOf = new Map(labels.map((r) => [r.path as string, r.near_dup_group as string]));
    const images = await Promise.all(
      [...groupOf.keys()].map(async (p) => ({
        id: p,
        url: `${dedupServer.url}/${p}`,
        name: p,
        sha256: createHash('sha256')
          .update(await readFile(`${dedupRoot}/${p}`))
          .digest('hex'),
      })),
    );
    const dedup = await session.check(images);
    const truth = new Map<string, string[]>();
    for (const [path, group] of groupOf) truth.set(group, [...(truth.get(group) ?? []), path]);
    const d = pairwiseScores(
      dedup.duplicates.map((g) => g.ids),
      [...truth.values()],
    );
    figures.push(
      figure(
        'dedup.recall_at_precision_95',
        d.precision >= 0.95 ? d.recall : 0,
        'recall',
        null,
        '≥ 0.9',
        `precision ${d.precision.toFixed(3)}`,
      ),
      figure('dedup.precision', d.precision, 'precision', null, '≥ 0.95'),
    );
  } finally {
    await session.close();
    await Promise.all([faceServer.close(), dedupServer.close(), ocrServer.close()]);
  }
  return figures;
}
