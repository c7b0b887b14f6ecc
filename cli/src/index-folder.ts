import { lstat, open, readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { MediaMetadata } from '@hypomos/shared/index/item';
import { inferZoneFromNeighbours } from '@hypomos/shared/metadata/capture-time';
import { CountingReader } from '@hypomos/shared/metadata/byte-source';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import { reverseGeocode } from '@hypomos/shared/geo/reverse-geocode';
import { FileRangeReader, sha256File } from './file-reader';

/** One NDJSON line of `hypomos index --json`: exactly these fields, null when unknown. */
export const IndexRecord = MediaMetadata.pick({
  mediaType: true,
  mimeType: true,
  bytes: true,
  sha256: true,
  takenAtLocal: true,
  takenAtUtc: true,
  timeZone: true,
  lat: true,
  lon: true,
  alt: true,
  make: true,
  model: true,
  lens: true,
  orientation: true,
  width: true,
  height: true,
  durationSec: true,
  place: true,
  error: true,
})
  .extend({ path: z.string() })
  .strict();
export type IndexRecord = z.infer<typeof IndexRecord>;

export const RECORD_FIELDS = [
  'path',
  'mediaType',
  'mimeType',
  'bytes',
  'sha256',
  'takenAtLocal',
  'takenAtUtc',
  'timeZone',
  'lat',
  'lon',
  'alt',
  'make',
  'model',
  'lens',
  'orientation',
  'width',
  'height',
  'durationSec',
  'place',
  'error',
] as const;

/** One NDJSON line with the fields in their documented order. */
export function toNdjsonLine(r: IndexRecord): string {
  return JSON.stringify(Object.fromEntries(RECORD_FIELDS.map((f) => [f, r[f]])));
}

/** Extensions that promise a photo or video: such a file that we cannot read is reported, not skipped. */
const MEDIA_EXTENSIONS = new Set(
  'jpg jpeg jpe jfif png gif webp heic heif hif avif tif tiff cr2 cr3 crw nef nrw arw srf sr2 dng raf rw2 orf pef srw x3f mrw iiq mp4 m4v mov qt 3gp 3g2 avi mts m2ts mkv webm wmv jxl'.split(
    ' ',
  ),
);
export const looksLikeMedia = (path: string) => MEDIA_EXTENSIONS.has(extname(path).slice(1).toLowerCase());

export interface IndexOptions {
  /** Per-file limit for reading metadata and hashing. */
  timeoutMs?: number;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface IndexRun {
  records: IndexRecord[];
  bytesRead: number;
  skipped: number;
}

/** All regular files under `root`, sorted; symlinks and dot-folders are not followed. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) await walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  await walk(root);
  return out.sort();
}

/** Rejects when `work` has not settled within `ms`; the per-file limit that keeps one odd file from stalling a run. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Reads one file; null when it is not media at all (skipped). */
async function indexFile(
  root: string,
  path: string,
  timeoutMs: number,
): Promise<{ record: IndexRecord; bytesRead: number } | null> {
  const rel = relative(root, path).split(sep).join('/');
  const base = { path: rel, ...Object.fromEntries(RECORD_FIELDS.slice(1).map((f) => [f, null])) } as IndexRecord;
  const abort = new AbortController();
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const size = (await lstat(path)).size;
    handle = await open(path, 'r');
    const reader = new CountingReader(new FileRangeReader(handle, size));
    const meta = await withTimeout(
      extractMetadata(reader, { name: rel, bytes: size }, { reverseGeocode }),
      timeoutMs,
      'reading metadata',
    );
    if (meta.mediaType === null && !looksLikeMedia(path)) return null;
    const sha256 =
      meta.mediaType === null ? null : await withTimeout(sha256File(path, abort.signal), timeoutMs * 10, 'hashing');
    const record = IndexRecord.parse({ ...base, ...pickRecord(meta), path: rel, sha256 });
    return { record, bytesRead: reader.bytesRead };
  } catch (e) {
    abort.abort();
    if (!looksLikeMedia(path)) return null;
    return { record: { ...base, error: e instanceof Error ? e.message : String(e) }, bytesRead: 0 };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function pickRecord(meta: MediaMetadata): Omit<IndexRecord, 'path'> {
  const { mediaType, mimeType, bytes, sha256, takenAtLocal, takenAtUtc, timeZone, lat, lon, alt, make, model, lens } =
    meta;
  const { orientation, width, height, durationSec, place, error } = meta;
  return {
    mediaType,
    mimeType,
    bytes,
    sha256,
    takenAtLocal,
    takenAtUtc,
    timeZone,
    lat,
    lon,
    alt,
    make,
    model,
    lens,
    orientation,
    width,
    height,
    durationSec,
    place,
    error,
  };
}

/**
 * The CLI pipeline: the same `extractMetadata` the extension runs, over a file-backed RangeReader, then a
 * streamed SHA-256, then time-zone inference across the whole run (same camera, nearest in time).
 */
export async function indexFolder(root: string, options: IndexOptions = {}): Promise<IndexRun> {
  return indexPaths(root, await listFiles(root), options);
}

/** The same pipeline over chosen files under `root` (paths absolute); used by the benchmark. */
export async function indexPaths(root: string, files: string[], options: IndexOptions = {}): Promise<IndexRun> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const results: ({ record: IndexRecord; bytesRead: number } | null)[] = new Array(files.length).fill(null);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await indexFile(root, files[i] as string, timeoutMs);
      options.onProgress?.(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const kept = results.filter((r) => r !== null);
  return {
    records: inferZoneFromNeighbours(kept.map((r) => r.record)),
    bytesRead: kept.reduce((n, r) => n + r.bytesRead, 0),
    skipped: files.length - kept.length,
  };
}
