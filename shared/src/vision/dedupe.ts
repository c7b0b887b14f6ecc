import { hamming } from './phash';

/** Largest pHash distance (of 64 bits) still called a near-duplicate; measured on the imagededup set (see README). */
export const NEAR_DUPLICATE_MAX_DISTANCE = 10;
/** Tighter bound for the turned centre-square hashes: more variants means more chances of a chance match. */
export const ROTATED_MAX_DISTANCE = 8;

export interface HashedItem {
  key: string;
  /** SHA-256 of the file bytes, when known. */
  sha256: string | null;
  /** Provider hashes by algorithm (quickXorHash, md5, sha1…): equal values of one algorithm mean equal bytes. */
  contentHashes?: Record<string, string>;
  /** pHash of the thumbnail as stored. */
  phash: string | null;
  /** pHash of the thumbnail's 8 rotations/reflections (identity first); falls back to [phash]. */
  phashVariants?: string[] | null;
  /** pHash of the unturned centre square, and of it turned by each of ROTATION_ANGLES (rotation-hash.ts). */
  centreHash?: string | null;
  rotationHashes?: string[] | null;
}

export interface DuplicateGroup {
  kind: 'exact' | 'near';
  keys: string[];
}

/** Union-find over keys. The smaller key becomes the root, so groups come out the same whatever the input order. */
export class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    // Path compression keeps long single-linkage chains cheap.
    let at = x;
    while (at !== root) {
      const next = this.parent.get(at) as string;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

function groupsOf(keys: readonly string[], uf: UnionFind): string[][] {
  const byRoot = new Map<string, string[]>();
  for (const k of keys) {
    const r = uf.find(k);
    byRoot.set(r, [...(byRoot.get(r) ?? []), k]);
  }
  return [...byRoot.values()].filter((g) => g.length > 1).map((g) => g.sort());
}

/** Items with identical bytes, across sources: same SHA-256, or same value of any one provider hash algorithm. */
export function exactGroups(items: readonly Pick<HashedItem, 'key' | 'sha256' | 'contentHashes'>[]): string[][] {
  const uf = new UnionFind();
  const firstWith = new Map<string, string>();
  for (const item of items) {
    const ids = [
      ...(item.sha256 ? [`sha256:${item.sha256}`] : []),
      ...Object.entries(item.contentHashes ?? {}).map(([alg, v]) => `${alg.toLowerCase()}:${v.toLowerCase()}`),
    ];
    for (const id of ids) {
      const first = firstWith.get(id);
      if (first) uf.union(first, item.key);
      else firstWith.set(id, item.key);
    }
  }
  return groupsOf(
    items.map((i) => i.key),
    uf,
  );
}

/** Smallest distance between any rotation/reflection of `a` and the plain hash of `b` (and vice versa). */
export function nearDistance(a: HashedItem, b: HashedItem): number {
  if (!a.phash || !b.phash) return Number.POSITIVE_INFINITY;
  let best = hamming(a.phash, b.phash);
  for (const v of a.phashVariants ?? []) best = Math.min(best, hamming(v, b.phash));
  for (const v of b.phashVariants ?? []) best = Math.min(best, hamming(v, a.phash));
  return best;
}

/** Same picture after resizing, re-encoding, greying, flipping, quarter turns or a turn by any angle up to 45°. */
export function isNearDuplicate(a: HashedItem, b: HashedItem, maxDistance = NEAR_DUPLICATE_MAX_DISTANCE): boolean {
  if (nearDistance(a, b) <= maxDistance) return true;
  if (!a.centreHash || !b.centreHash) return false;
  const turned = Math.min(
    hamming(a.centreHash, b.centreHash),
    ...(a.rotationHashes ?? []).map((h) => hamming(h, b.centreHash as string)),
    ...(b.rotationHashes ?? []).map((h) => hamming(h, a.centreHash as string)),
  );
  return turned <= Math.min(maxDistance, ROTATED_MAX_DISTANCE);
}

/**
 * The member that stands for each exact group in near matching: its smallest key among the members with a pHash,
 * else its smallest key. A copy in a source without vision has no pHash, and must not hide the analysed copy (before,
 * the smallest key stood for the group whatever it held, and such a group never took part in near matching).
 */
export function exactRepresentatives(
  exact: readonly string[][],
  hasPhash: (key: string) => boolean,
): Map<string, string> {
  const repOf = new Map<string, string>();
  for (const g of exact) {
    const rep = g.find(hasPhash) ?? (g[0] as string);
    for (const k of g) repOf.set(k, rep);
  }
  return repOf;
}

/**
 * Exact groups first, then near-duplicate groups (single linkage on pHash distance) over what remains, with each
 * exact group represented by one member so a near group lists every copy once.
 *
 * This compares all pairs: it is the reference the indexed search (dedupe-index.ts, which the product uses) is tested
 * and benchmarked against.
 */
export function duplicateGroupsBruteForce(
  items: readonly HashedItem[],
  maxDistance = NEAR_DUPLICATE_MAX_DISTANCE,
): DuplicateGroup[] {
  const exact = exactGroups(items);
  const out: DuplicateGroup[] = exact.map((keys) => ({ kind: 'exact', keys }));
  const withPhash = new Set(items.filter((i) => i.phash).map((i) => i.key));
  const repOf = exactRepresentatives(exact, (k) => withPhash.has(k));
  const reps = items.filter((i) => i.phash && (repOf.get(i.key) ?? i.key) === i.key);
  const uf = new UnionFind();
  for (let i = 0; i < reps.length; i++) {
    for (let j = i + 1; j < reps.length; j++) {
      if (isNearDuplicate(reps[i] as HashedItem, reps[j] as HashedItem, maxDistance))
        uf.union((reps[i] as HashedItem).key, (reps[j] as HashedItem).key);
    }
  }
  const membersOfRep = new Map<string, string[]>();
  for (const item of items) {
    const rep = repOf.get(item.key) ?? item.key;
    membersOfRep.set(rep, [...(membersOfRep.get(rep) ?? []), item.key]);
  }
  for (const g of groupsOf(
    reps.map((r) => r.key),
    uf,
  )) {
    out.push({ kind: 'near', keys: g.flatMap((rep) => membersOfRep.get(rep) ?? [rep]).sort() });
  }
  return out;
}
