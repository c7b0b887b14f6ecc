// Near-duplicate grouping at library scale: the multi-index Hamming search (shared/src/vision/dedupe-index.ts) against
// comparing all pairs, on 100,000 hash sets derived from real pHashes; a BK-tree for the same lookups; the cost of
// adding items to a built index; and recall at precision ≥ 0.95 on the imagededup set through the CLI's decoding.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../cli/src/commands/vision-node';
import { corpora, readTsv } from '../e2e/vision-support';
import { type DuplicateGroup, duplicateGroupsBruteForce, type HashedItem } from '../shared/src/vision/dedupe';
import { duplicateGroups, NearDuplicateIndex } from '../shared/src/vision/dedupe-index';
import { type Hash64, HammingIndex, hamming64, parseHash64, suggestedBlocks } from '../shared/src/vision/hamming-index';
import { toGray } from '../shared/src/vision/image';
import { pairwiseScores } from '../shared/src/vision/metrics';
import { pHashVariants } from '../shared/src/vision/phash';
import { centreHash, rotationHashes } from '../shared/src/vision/rotation-hash';
import { bruteForceGroups } from './support/dedup-brute-force';
import { type Figure, figure } from './figure';
import { flipBits, randomHash, seeded } from '../shared/src/vision/hash-fixtures';

const LIBRARY = 100_000;
const HASH_SOURCES = ['dedup-imagededup', 'faces-face-api-js', 'faces-human-samples', 'immich-test-assets'];
/** Images per set and largest file decoded: enough distinct pHashes to derive from, without minutes of JPEG decoding. */
const PER_SET = 25;
const MAX_BYTES = 1_500_000;

/** Every hash the product keeps for one image, from the same functions the CLI and the workers use. */
function hashesOf(key: string, bytes: Uint8Array): HashedItem {
  const gray = toGray(decodeImage(bytes));
  const variants = pHashVariants(gray);
  return {
    key,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    phash: variants[0] as string,
    phashVariants: variants,
    centreHash: centreHash(gray),
    rotationHashes: rotationHashes(gray),
  };
}

export async function realHashes(): Promise<HashedItem[]> {
  const out: HashedItem[] = [];
  for (const set of HASH_SOURCES) {
    const root = join(corpora, set);
    const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter(
      (e) => e.isFile() && /\.(jpe?g|png)$/i.test(e.name),
    );
    let taken = 0;
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      if (taken >= PER_SET || (await stat(path)).size > MAX_BYTES) continue;
      try {
        out.push(hashesOf(path, await readFile(path)));
        taken++;
      } catch {
        // Corrupt and unusual files (the sets include some on purpose) have no pHash; they are not needed here.
      }
    }
  }
  return out;
}

/**
 * A library of `n` items. 70% of "pictures" are a real image's hashes with 16–32 bits flipped in each hash: as far
 * from it as other real pictures are (between the real images, 1% of pairs are within 18 bits, half within 32), while
 * keeping its bit biases. 30% are uniform random; each picture has 0–3 copies that differ by 0–8 bits
 * per hash, one in five of them with the same bytes.
 */
export function library(real: readonly HashedItem[], n: number, seed: number): HashedItem[] {
  const next = seeded(seed);
  const items: HashedItem[] = [];
  const derive = (h: string, lo: number, span: number) => flipBits(h, lo + (next() % (span + 1)), next);
  while (items.length < n) {
    const base = real[next() % real.length] as HashedItem;
    const fromReal = next() % 10 < 7;
    const pic = (h: string) => (fromReal ? derive(h, 16, 16) : randomHash(next));
    const picture: HashedItem = {
      key: '',
      sha256: randomHash(next),
      phash: pic(base.phash as string),
      phashVariants: (base.phashVariants ?? []).map(pic),
      centreHash: pic(base.centreHash as string),
      rotationHashes: (base.rotationHashes ?? []).map(pic),
    };
    picture.phashVariants = [picture.phash as string, ...(picture.phashVariants ?? []).slice(1)];
    const copies = next() % 4;
    for (let c = 0; c <= copies && items.length < n; c++) {
      const key = `i${items.length.toString().padStart(6, '0')}`;
      if (c === 0) {
        items.push({ ...picture, key });
        continue;
      }
      const near = (h: string) => derive(h, 0, 8);
      const phash = near(picture.phash as string);
      items.push({
        key,
        sha256: next() % 5 === 0 ? picture.sha256 : randomHash(next),
        phash,
        phashVariants: [phash, ...(picture.phashVariants ?? []).slice(1).map(near)],
        centreHash: near(picture.centreHash as string),
        rotationHashes: (picture.rotationHashes ?? []).map(near),
      });
    }
  }
  return items;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

const canonical = (groups: DuplicateGroup[]) =>
  groups
    .map((g) => `${g.kind}:${g.keys.join(',')}`)
    .sort()
    .join('\n');

/** A BK-tree over plain hashes, for comparison with the multi-index lookups. */
class BkTree {
  private readonly nodes: { hash: Hash64; children: Map<number, number> }[] = [];
  add(hash: Hash64) {
    if (this.nodes.length === 0) {
      this.nodes.push({ hash, children: new Map() });
      return;
    }
    let at = 0;
    for (;;) {
      const node = this.nodes[at] as { hash: Hash64; children: Map<number, number> };
      const d = hamming64(node.hash, hash);
      const child = node.children.get(d);
      if (child === undefined) {
        node.children.set(d, this.nodes.length);
        this.nodes.push({ hash, children: new Map() });
        return;
      }
      at = child;
    }
  }
  count(query: Hash64, radius: number): number {
    let found = 0;
    const stack = this.nodes.length ? [0] : [];
    while (stack.length) {
      const node = this.nodes[stack.pop() as number] as { hash: Hash64; children: Map<number, number> };
      const d = hamming64(node.hash, query);
      if (d <= radius) found++;
      for (const [edge, child] of node.children) if (edge >= d - radius && edge <= d + radius) stack.push(child);
    }
    return found;
  }
}

function lookupFigures(items: readonly HashedItem[]): Figure[] {
  const hashes = items.map((i) => parseHash64(i.phash as string) as Hash64);
  const queries = hashes.filter((_, i) => i % 50 === 0);
  const tree = new BkTree();
  for (const h of hashes) tree.add(h);
  const index = new HammingIndex({ blocks: suggestedBlocks(hashes.length, 10) });
  for (const [i, h] of hashes.entries()) index.add(i, h);
  let viaTree = 0;
  let viaIndex = 0;
  const bk = timed(() => {
    for (const q of queries) viaTree += tree.count(q, 10);
  });
  const mih = timed(() => {
    for (const q of queries) index.search(q, 10, () => viaIndex++);
  });
  if (viaTree !== viaIndex) throw new Error(`BK-tree found ${viaTree} matches, the multi-index ${viaIndex}`);
  return [
    figure(
      'dedup.lookup_us.multi_index',
      (mih.ms * 1000) / queries.length,
      'µs/query',
      (bk.ms * 1000) / queries.length,
      null,
      `plain pHashes within 10 bits among ${hashes.length}; baseline: BK-tree, same answers (${viaIndex} matches)`,
    ),
  ];
}

async function recallFigures(): Promise<Figure[]> {
  const root = join(corpora, 'dedup-imagededup');
  const labels = await readTsv(join(root, 'labels.tsv'));
  const items: HashedItem[] = [];
  for (const row of labels) {
    const path = row.path as string;
    const bytes = await readFile(join(root, path));
    try {
      items.push(hashesOf(path, bytes));
    } catch {
      items.push({ key: path, sha256: createHash('sha256').update(bytes).digest('hex'), phash: null });
    }
  }
  const truth = new Map<string, string[]>();
  for (const row of labels)
    truth.set(row.near_dup_group as string, [...(truth.get(row.near_dup_group as string) ?? []), row.path as string]);
  const s = pairwiseScores(
    duplicateGroups(items).map((g) => g.keys),
    [...truth.values()],
  );
  return [
    figure(
      'dedup.node.recall_at_precision_95',
      s.precision >= 0.95 ? s.recall : 0,
      'recall',
      null,
      '≥ 0.9',
      `CLI decoding (JPEG/PNG only), indexed grouping; precision ${s.precision.toFixed(3)}; the extension's figure is dedup.recall_at_precision_95 (vision bench)`,
    ),
  ];
}

export async function run(): Promise<Figure[]> {
  const started = performance.now();
  const real = await realHashes();
  console.log(`  ${real.length} real images hashed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const items = library(real, LIBRARY, 1);
  const figures: Figure[] = [];

  // Same answers first: the index against the previous all-pairs code on a slice small enough for it.
  const small = items.slice(0, 400);
  const same = canonical(duplicateGroups(small)) === canonical(duplicateGroupsBruteForce(small));
  const mid = items.slice(0, 4000);
  const sameMid = canonical(duplicateGroups(mid)) === canonical(bruteForceGroups(mid));
  if (!(same && sameMid)) throw new Error('indexed grouping differs from brute force');

  const index = new NearDuplicateIndex({ expectedItems: LIBRARY });
  const built = timed(() => index.addAll(items));
  const grouped = timed(() => index.groups());
  const indexedMs = built.ms + grouped.ms;
  const previous = timed(() => duplicateGroupsBruteForce(small));
  const typed = timed(() => bruteForceGroups(mid));
  const scale = (ms: number, n: number) => ms * (LIBRARY / n) ** 2;
  const near = grouped.value.filter((g) => g.kind === 'near').length;
  figures.push(
    figure(
      'dedup.group_ms.indexed_100k',
      indexedMs,
      'ms',
      scale(typed.ms, mid.length),
      null,
      `${LIBRARY} hash sets derived from ${real.length} real images (${near} near groups; index ${built.ms.toFixed(0)} ms + grouping ${grouped.ms.toFixed(0)} ms); baseline: all pairs with typed-array popcount, measured on ${mid.length} (${typed.ms.toFixed(0)} ms) and scaled by n²`,
    ),
    figure(
      'dedup.group_ms.previous_code_100k',
      scale(previous.ms, small.length),
      'ms',
      null,
      null,
      `the previous all-pairs code (hex-string distances), measured on ${small.length} (${previous.ms.toFixed(0)} ms) and scaled by n²`,
    ),
  );

  // Adding newly analysed items to the built index: what each review pays instead of a full recount.
  const extra = library(real, 1000, 2).map((i) => ({ ...i, key: `new-${i.key}` }));
  const added = timed(() => {
    for (const i of extra) index.upsert(i);
  });
  const regroup = timed(() => index.groups());
  figures.push(
    figure(
      'dedup.add_ms_per_item.indexed',
      added.ms / extra.length,
      'ms/item',
      indexedMs,
      null,
      `${extra.length} new items looked up both ways in the ${LIBRARY}-item index; baseline: grouping everything again; listing the groups afterwards took ${regroup.ms.toFixed(0)} ms`,
    ),
    ...lookupFigures(items),
    ...(await recallFigures()),
  );
  return figures;
}
