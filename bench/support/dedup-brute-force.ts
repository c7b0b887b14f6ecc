import {
  type DuplicateGroup,
  exactGroups,
  type HashedItem,
  NEAR_DUPLICATE_MAX_DISTANCE,
  ROTATED_MAX_DISTANCE,
} from '../../shared/src/vision/dedupe';
import { type Hash64, hamming64, parseHash64 } from '../../shared/src/vision/hamming-index';

/**
 * The product's matching rule (dedupe.ts `isNearDuplicate`) over all pairs, with hashes parsed once into 32-bit halves:
 * the fastest honest all-pairs baseline for the benchmark, not the hex-string code the product used to run.
 */
export function bruteForceGroups(
  items: readonly HashedItem[],
  maxDistance = NEAR_DUPLICATE_MAX_DISTANCE,
): DuplicateGroup[] {
  const turnedMax = Math.min(maxDistance, ROTATED_MAX_DISTANCE);
  const exact = exactGroups(items);
  const repOf = new Map<string, string>();
  for (const g of exact) for (const k of g) repOf.set(k, g[0] as string);
  const reps = items.filter((i) => i.phash && (repOf.get(i.key) ?? i.key) === i.key);
  const parse = (h: string) => parseHash64(h) as Hash64;
  const parsed = reps.map((r) => ({
    plain: parse(r.phash as string),
    variants: (r.phashVariants ?? []).map(parse),
    centre: r.centreHash ? parse(r.centreHash) : null,
    rotations: (r.rotationHashes ?? []).map(parse),
  }));
  const parent = reps.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const within = (list: Hash64[], h: Hash64, r: number) => list.some((v) => hamming64(v, h) <= r);
  for (let i = 0; i < parsed.length; i++) {
    const a = parsed[i] as (typeof parsed)[number];
    for (let j = i + 1; j < parsed.length; j++) {
      const b = parsed[j] as (typeof parsed)[number];
      const near =
        hamming64(a.plain, b.plain) <= maxDistance ||
        within(a.variants, b.plain, maxDistance) ||
        within(b.variants, a.plain, maxDistance) ||
        (a.centre !== null &&
          b.centre !== null &&
          (hamming64(a.centre, b.centre) <= turnedMax ||
            within(a.rotations, b.centre, turnedMax) ||
            within(b.rotations, a.centre, turnedMax)));
      if (near) {
        const ra = find(i);
        const rb = find(j);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const rootOfRep = new Map(reps.map((r, i) => [r.key, find(i)]));
  const size = new Map<number, number>();
  for (const root of rootOfRep.values()) size.set(root, (size.get(root) ?? 0) + 1);
  const members = new Map<number, string[]>();
  for (const item of items) {
    const root = rootOfRep.get(repOf.get(item.key) ?? item.key);
    if (root === undefined || (size.get(root) ?? 0) < 2) continue;
    members.set(root, [...(members.get(root) ?? []), item.key]);
  }
  return [
    ...exact.map((keys): DuplicateGroup => ({ kind: 'exact', keys })),
    ...[...members.values()].map((keys): DuplicateGroup => ({ kind: 'near', keys: keys.sort() })),
  ];
}
