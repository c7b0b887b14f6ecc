// Metadata indexing: bytes read per photo through byte ranges (vs downloading each file whole), the head-size
// trade-off, and the CLI pipeline's speed against exiftool over the same files. Corpus: ../shared/corpora.
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { CountingReader } from '../shared/src/metadata/byte-source';
import { extractMetadata } from '../shared/src/metadata/extract';
import { sniff } from '../shared/src/metadata/sniff';
import { FileRangeReader } from '../cli/src/file-reader';
import { indexPaths, listFiles } from '../cli/src/index-folder';
import { type Figure, figure, quantile } from './figure';

const corpora = resolve(import.meta.dirname, '../../shared/corpora');
const SETS = ['metadata-extractor-images', 'exifr-fixtures', 'exiftool-t-images/images', 'immich-test-assets'];
const TAGS = [
  '-DateTimeOriginal',
  '-CreateDate',
  '-OffsetTimeOriginal',
  '-GPSLatitude',
  '-GPSLongitude',
  '-GPSAltitude',
  '-Make',
  '-Model',
  '-Orientation',
  '-ImageWidth',
  '-ImageHeight',
  '-Duration',
];

/** Every photo (by content, not extension) in the corpora. */
async function photos(): Promise<string[]> {
  const out: string[] = [];
  for (const set of SETS) {
    for (const path of await listFiles(resolve(corpora, set))) {
      const fh = await open(path);
      const head = new Uint8Array(256);
      const { bytesRead } = await fh.read(head, 0, 256, 0);
      await fh.close();
      if (sniff(head.subarray(0, bytesRead))?.mediaType === 'image') out.push(path);
    }
  }
  return out;
}

async function bytesRead(
  files: string[],
  headBytes?: number,
): Promise<{ bytes: number[]; reads: number[]; sizes: number[] }> {
  const bytes: number[] = [];
  const reads: number[] = [];
  const sizes: number[] = [];
  for (const path of files) {
    const fh = await open(path);
    const size = (await fh.stat()).size;
    const reader = new CountingReader(new FileRangeReader(fh, size));
    await extractMetadata(reader, { name: path }, headBytes ? { headBytes } : {});
    await fh.close();
    bytes.push(reader.bytesRead);
    reads.push(reader.reads);
    sizes.push(size);
  }
  return { bytes, reads, sizes };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function run(): Promise<Figure[]> {
  const files = await photos();
  const figures: Figure[] = [];
  const { bytes, reads, sizes } = await bytesRead(files);
  const note = `${files.length} photos from ../shared/corpora (files ≥ 4 MiB are absent there, so whole-file sizes are small)`;
  figures.push(
    figure('index.bytes_read_per_photo.median', quantile(bytes, 0.5), 'bytes', quantile(sizes, 0.5), '≤ 65536', note),
  );
  figures.push(
    figure('index.bytes_read_per_photo.p90', quantile(bytes, 0.9), 'bytes', quantile(sizes, 0.9), null, note),
  );
  // Most corpus photos are smaller than the first read; the photos over 256 KiB show the real saving.
  const large = sizes.map((s, i) => [s, bytes[i] as number] as const).filter(([s]) => s > 256 * 1024);
  figures.push(
    figure(
      'index.bytes_read_per_large_photo.median',
      quantile(
        large.map(([, b]) => b),
        0.5,
      ),
      'bytes',
      quantile(
        large.map(([s]) => s),
        0.5,
      ),
      '≤ 65536',
      `${large.length} photos over 256 KiB`,
    ),
  );
  figures.push(figure('index.reads_per_photo.mean', mean(reads), 'reads', null, null, 'round trips per photo'));
  for (const head of [16 * 1024, 32 * 1024]) {
    const sweep = await bytesRead(files, head);
    const label = `first read of ${head / 1024} KiB; baseline = 64 KiB (chosen)`;
    figures.push(
      figure(`index.head_${head / 1024}k.reads_per_photo.mean`, mean(sweep.reads), 'reads', mean(reads), null, label),
    );
    figures.push(
      figure(
        `index.head_${head / 1024}k.bytes_read_per_photo.median`,
        quantile(sweep.bytes, 0.5),
        'bytes',
        quantile(bytes, 0.5),
        null,
        label,
      ),
    );
  }

  // Same files, same fields: our whole CLI pipeline (metadata + streamed sha256 + zone inference) vs one exiftool
  // process (its fastest mode: one batch, only the tags we need). Best of 3 each, to damp the shared machine.
  const root = corpora;
  let ours = Number.POSITIVE_INFINITY;
  let theirs = Number.POSITIVE_INFINITY;
  const exiftool = promisify(execFile);
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await indexPaths(root, files, { concurrency: 4 });
    ours = Math.min(ours, performance.now() - t);
    t = performance.now();
    await exiftool('exiftool', ['-json', '-n', '-q', '-q', ...TAGS, ...files], { maxBuffer: 64 * 1024 * 1024 }).catch(
      () => undefined,
    );
    theirs = Math.min(theirs, performance.now() - t);
  }
  const oursRate = files.length / (ours / 1000);
  const theirRate = files.length / (theirs / 1000);
  figures.push(
    figure('index.files_per_s', oursRate, 'files/s', theirRate, null, 'CLI pipeline; baseline = exiftool batch'),
  );
  figures.push(figure('index.vs_exiftool.ratio', oursRate / theirRate, '×', 1, '≥ 5'));
  return figures;
}
