// Import (issue 18), the parts that run without a browser: hashing a picked file on the device (all four hashes in
// one streaming pass) beside WebCrypto's one-shot SHA-256 of the same bytes, and planning 10,000 picked files
// against a 100,000-item library.
import { randomBytes } from 'node:crypto';
import { DEFAULT_PATTERN } from '../shared/src/import/destination';
import { LocalHasher } from '../shared/src/import/local-hashes';
import { type ImportCandidate, type LibraryItem, libraryIndex, planImport } from '../shared/src/import/plan';
import { type Figure, figure } from './figure';

const HASH_MIB = 64;
const CHUNK = 4 * 1024 * 1024;
const LIBRARY = 100_000;
const PICKED = 10_000;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export async function run(): Promise<Figure[]> {
  const bytes = new Uint8Array(randomBytes(HASH_MIB * 1024 * 1024));
  let t = performance.now();
  const hasher = await LocalHasher.create();
  for (let at = 0; at < bytes.length; at += CHUNK) hasher.update(bytes.subarray(at, at + CHUNK));
  hasher.digest();
  const streamingS = (performance.now() - t) / 1000;
  t = performance.now();
  await crypto.subtle.digest('SHA-256', bytes);
  const subtleS = (performance.now() - t) / 1000;

  // A library where every picked file has a twin in some cloud for one in ten, found by MD5 or SHA-1.
  const items: LibraryItem[] = Array.from({ length: LIBRARY }, (_, i) => ({
    key: `s${i % 3}:${i}`,
    sourceId: `s${i % 3}`,
    folder: 'Pictures',
    name: `IMG_${i}.JPG`,
    contentHashes: i % 2 ? { md5: hex(i, 32) } : ({ sha1: hex(i, 40) } as Record<string, string>),
    sha256: null,
    unwanted: false,
  }));
  const candidates: ImportCandidate[] = Array.from({ length: PICKED }, (_, i) => {
    const n = i % 10 === 0 ? i * 7 : LIBRARY + i;
    return {
      id: `f${i}`,
      name: `IMG_${i}.JPG`,
      size: 1000 + i,
      fileDateWall: Date.UTC(2026, 0, 1) + i * 60_000,
      takenAt: Date.UTC(2025, 6, 1) + i * 60_000,
      hashes: { sha1: hex(n, 40), md5: hex(n, 32), sha256: hex(n, 64), quickXor: `q${n}` },
      readError: null,
    };
  });
  t = performance.now();
  const plan = planImport(candidates, libraryIndex(items, []), { pattern: DEFAULT_PATTERN });
  const planMs = performance.now() - t;
  const duplicates = plan.filter((e) => e.kind === 'duplicate').length;
  if (duplicates !== PICKED / 10) throw new Error(`expected ${PICKED / 10} duplicates, planned ${duplicates}`);

  return [
    figure(
      'import.hash_mib_s',
      HASH_MIB / streamingS,
      'MiB/s',
      HASH_MIB / subtleS,
      null,
      'SHA-1 + MD5 + SHA-256 + quickXorHash in one pass, 4 MiB chunks (shared/src/import/local-hashes.ts); baseline: crypto.subtle.digest SHA-256 alone over the same bytes, whole buffer in memory',
    ),
    figure(
      'import.dedup_check_ms_10k',
      planMs,
      'ms',
      null,
      null,
      `planImport of ${PICKED.toLocaleString('en')} files against ${LIBRARY.toLocaleString('en')} indexed items, index built inside the timing`,
    ),
  ];
}
