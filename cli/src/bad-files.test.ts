import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexRecord } from './index-folder';

// Bad files (issue 9): every file of ../shared/corpora, then mutated copies of a sample of them (truncated,
// bit-flipped, zero-length, wrong extension, absurd declared dimensions) made here in a temp dir, go through
// `hypomos index --json`. Each gives a recorded error or a sane result — never a crash, never a per-file timeout.

const run = promisify(execFile);
const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(cliRoot, '../../shared/corpora');
const bin = join(cliRoot, 'bin/hypomos.mjs');
// Generous: the first GPS hit loads the place data, which is slow on a loaded machine; a hang still shows.
const PER_FILE_S = 60;
// Formats Hypomos indexes (JPEG 2000 and BMP are not media to it and are left out, as notes and sidecars are).
const MEDIA = new Set([
  'jpg',
  'jpeg',
  'png',
  'heic',
  'heif',
  'tif',
  'tiff',
  'webp',
  'avif',
  'gif',
  'jxl',
  'mp4',
  'mov',
  'avi',
  'mts',
  'wmv',
  'nef',
  'rw2',
  'x3f',
]);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
const extOf = (p: string) => extname(p).slice(1).toLowerCase();

async function index(folder: string) {
  const { stdout, stderr } = await run(
    process.execPath,
    [bin, 'index', folder, '--json', '--timeout', String(PER_FILE_S)],
    {
      cwd: cliRoot,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const records = stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => IndexRecord.parse(JSON.parse(line)));
  return { records, byPath: new Map(records.map((r) => [r.path, r])), stderr };
}

/** A recorded error, or a result whose fields are sane; never a timeout. */
function expectRecordedOrSane(r: IndexRecord) {
  if (r.error !== null) {
    expect(r.error.length, r.path).toBeGreaterThan(0);
    expect(r.error, r.path).not.toMatch(/took longer than/);
    return;
  }
  expect(r.mediaType, r.path).not.toBeNull();
  for (const n of [r.width, r.height, r.durationSec])
    if (n !== null) expect(Number.isFinite(n) && n >= 0, r.path).toBe(true);
  if (r.takenAtUtc !== null) expect(Number.isNaN(Date.parse(r.takenAtUtc)), r.path).toBe(false);
}

/** Small deterministic PRNG, so a failing mutation can be reproduced. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sets the first SOFn frame of a JPEG to 65535 × 65535; null when there is none in the first 256 KiB. */
function absurdJpeg(b: Buffer): Buffer | null {
  const out = Buffer.from(b);
  for (let i = 2; i < Math.min(out.length - 9, 262_144); i++) {
    if (out[i] === 0xff && out[i + 1]! >= 0xc0 && out[i + 1]! <= 0xc2) {
      out.writeUInt16BE(0xffff, i + 5);
      out.writeUInt16BE(0xffff, i + 7);
      return out;
    }
  }
  return null;
}

/** Declares a PNG 2^31-1 pixels wide and high in its IHDR. */
function absurdPng(b: Buffer): Buffer | null {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  const out = Buffer.from(b);
  out.writeUInt32BE(0x7fffffff, 16);
  out.writeUInt32BE(0x7fffffff, 20);
  return out;
}

/** The copies keep the original's name (minus folders): capture times can come from file names. */
const baseName = (n: number, src: string) =>
  `${n}-${relative(corpora, src)
    .replaceAll('/', '_')
    .replace(/\.[^.]+$/, '')}`;

const WRONG_EXT: Record<string, string> = {
  jpg: 'mov',
  jpeg: 'png',
  png: 'jpg',
  heic: 'mp4',
  mp4: 'jpg',
  mov: 'heic',
  tif: 'jpg',
  tiff: 'png',
  webp: 'mov',
};

let dir: string;
let sample: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hypomos-bad-'));
  const media = walk(corpora).filter((p) => MEDIA.has(extOf(p)));
  // Up to three files of each format, the smallest first so the run stays short.
  const byExt = new Map<string, string[]>();
  for (const p of media.sort((a, b) => statSync(a).size - statSync(b).size))
    byExt.set(extOf(p), [...(byExt.get(extOf(p)) ?? []), p]);
  sample = [...byExt.values()].flatMap((ps) => ps.slice(0, 3));
  const rnd = prng(9);
  for (const [n, src] of sample.entries()) {
    const b = readFileSync(src);
    const ext = extOf(src);
    const base = baseName(n, src);
    const put = (kind: string, bytes: Buffer, e = ext) => {
      mkdirSync(join(dir, kind), { recursive: true });
      writeFileSync(join(dir, kind, `${base}.${e}`), bytes);
    };
    put('truncated-half', b.subarray(0, b.length >> 1));
    put('truncated-64', b.subarray(0, 64));
    put('zero-length', Buffer.alloc(0));
    const flipped = Buffer.from(b);
    for (let k = 0; k < 32; k++) {
      const at = Math.floor(rnd() * Math.min(flipped.length, 65_536));
      flipped[at] = flipped[at]! ^ (1 << Math.floor(rnd() * 8));
    }
    put('bit-flipped', flipped);
    if (WRONG_EXT[ext]) put('wrong-extension', b, WRONG_EXT[ext]);
    const absurd = ext === 'jpg' || ext === 'jpeg' ? absurdJpeg(b) : ext === 'png' ? absurdPng(b) : null;
    if (absurd) put('absurd-dimensions', absurd);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad files through the CLI', () => {
  it('indexes every media file of the corpora: each gets a record, with an error or a sane result', {
    timeout: 300_000,
  }, async () => {
    const { records, byPath } = await index(corpora);
    expect(byPath.size).toBe(records.length);
    const expected = walk(corpora)
      .filter((p) => MEDIA.has(extOf(p)))
      .map((p) => relative(corpora, p));
    expect(expected.length).toBeGreaterThan(400);
    for (const p of expected) expect(byPath.has(p), `no record for ${p}`).toBe(true);
    for (const r of records) expectRecordedOrSane(r);
    // The corpora hold known-corrupt files; they come back as recorded errors, not as crashes.
    expect(byPath.get('dedup-imagededup/mixed_images/ukbench09268_corrupt.jpg')?.error).toMatch(/.+/);
    expect(
      byPath.get('metadata-extractor-images/heic/NegativeArraySizeException.HeifReader.processBoxes.heif')?.error,
    ).toMatch(/corrupt/);
  });

  it('records an error or a sane result for every mutated copy, and reads the same file under a wrong extension as the original', {
    timeout: 300_000,
  }, async () => {
    const { records, byPath } = await index(dir);
    const made = walk(dir).map((p) => relative(dir, p));
    const kinds = new Set(made.map((p) => p.split('/')[0]));
    expect(kinds).toEqual(
      new Set(['truncated-half', 'truncated-64', 'zero-length', 'bit-flipped', 'wrong-extension', 'absurd-dimensions']),
    );
    // Zero-length files and files too short to sniff are still listed, with their error.
    for (const p of made.filter((m) => m.startsWith('zero-length/'))) expect(byPath.get(p)?.error).toBe('empty file');
    for (const r of records) expectRecordedOrSane(r);
    // Copies whose leading bytes are intact are all listed; a bit flip may hit the magic number, so most suffice.
    for (const p of made.filter((m) => /^(truncated-half|zero-length|wrong-extension|absurd-dimensions)\//.test(m)))
      expect(byPath.has(p), p).toBe(true);
    const flipped = made.filter((m) => m.startsWith('bit-flipped/'));
    expect(flipped.filter((p) => byPath.has(p)).length).toBeGreaterThanOrEqual(flipped.length * 0.9);
    const reference = new Map<string, IndexRecord>();
    const refDir = mkdtempSync(join(tmpdir(), 'hypomos-bad-ref-'));
    try {
      for (const [n, src] of sample.entries())
        writeFileSync(join(refDir, `${baseName(n, src)}.${extOf(src)}`), readFileSync(src));
      for (const r of (await index(refDir)).records) reference.set(r.path.replace(/\.[^.]+$/, ''), r);
    } finally {
      rmSync(refDir, { recursive: true, force: true });
    }
    let compared = 0;
    for (const r of records.filter((x) => x.path.startsWith('wrong-extension/'))) {
      const ref = reference.get(r.path.slice('wrong-extension/'.length).replace(/\.[^.]+$/, ''));
      if (!ref || ref.error !== null) continue;
      const same = (x: IndexRecord) => [
        x.mediaType,
        x.mimeType,
        x.sha256,
        x.takenAtLocal,
        x.width,
        x.height,
        x.make,
        x.model,
        x.durationSec,
      ];
      expect(same(r), r.path).toEqual(same(ref));
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
