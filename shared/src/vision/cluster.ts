/**
 * Face identity clustering: average linkage on cosine similarity.
 *
 * Measured on the face-api.js set with Human's `faceres` vectors (see extension/src/features/vision/README.md):
 * pairwise F1 peaks in a narrow band of thresholds, so the threshold is a named constant, not a magic number.
 */

export type Vector = ArrayLike<number>;

/** Similarity at or above which two faces (or a face and a person) are taken to be the same person. */
export const SAME_PERSON_SIMILARITY = 0.55;

export function dot(a: Vector, b: Vector): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function unit(v: Vector): Float32Array {
  const out = new Float32Array(v.length);
  const norm = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) / norm;
  return out;
}

export function cosine(a: Vector, b: Vector): number {
  const na = Math.sqrt(dot(a, a));
  const nb = Math.sqrt(dot(b, b));
  return na === 0 || nb === 0 ? 0 : dot(a, b) / (na * nb);
}

/**
 * Groups vectors (returns lists of indices) by average-linkage agglomerative clustering, stopping when the best
 * remaining pair of clusters is less similar than `threshold`.
 *
 * Uses the nearest-neighbour-chain algorithm: average linkage is reducible, so merging reciprocal nearest neighbours
 * in chain order yields the same dendrogram as the textbook "merge the global best pair" loop, in O(n²) time.
 */
export function averageLinkage(
  vectors: readonly Vector[],
  threshold = SAME_PERSON_SIMILARITY,
  /** Optional image id per vector: two faces in one photo are two people, so their similarity counts as -1. */
  imageOf?: readonly (string | number)[],
): number[][] {
  const n = vectors.length;
  if (n === 0) return [];
  const units = vectors.map(unit);
  const sim = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const sameImage = imageOf !== undefined && imageOf[i] === imageOf[j];
      const s = sameImage ? -1 : dot(units[i] as Float32Array, units[j] as Float32Array);
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  const members: (number[] | null)[] = units.map((_, i) => [i]);
  const active = new Set<number>(members.map((_, i) => i));
  const finished: number[][] = [];
  const chain: number[] = [];

  const nearest = (a: number): [number, number] => {
    let best = -1;
    let bestSim = Number.NEGATIVE_INFINITY;
    for (const b of active) {
      if (b === a) continue;
      const s = sim[a * n + b] as number;
      // Ties go to the lower index so the chain cannot cycle.
      if (s > bestSim || (s === bestSim && b < best)) {
        best = b;
        bestSim = s;
      }
    }
    return [best, bestSim];
  };

  while (active.size > 1) {
    if (chain.length === 0) chain.push(active.values().next().value as number);
    const a = chain[chain.length - 1] as number;
    const [b, s] = nearest(a);
    const prev = chain.length > 1 ? (chain[chain.length - 2] as number) : -1;
    if (b !== prev) {
      chain.push(b);
      continue;
    }
    chain.pop();
    chain.pop();
    if (s < threshold) {
      // Reciprocal nearest neighbours below the threshold: no later merge can reach either of them.
      for (const c of [a, b]) {
        finished.push(members[c] as number[]);
        members[c] = null;
        active.delete(c);
      }
      continue;
    }
    const ma = members[a] as number[];
    const mb = members[b] as number[];
    // Lance–Williams update for average linkage; the merged cluster keeps index a.
    for (const k of active) {
      if (k === a || k === b) continue;
      const merged =
        ((sim[k * n + a] as number) * ma.length + (sim[k * n + b] as number) * mb.length) / (ma.length + mb.length);
      sim[k * n + a] = merged;
      sim[a * n + k] = merged;
    }
    members[a] = ma.concat(mb);
    members[b] = null;
    active.delete(b);
  }
  for (const c of active) finished.push(members[c] as number[]);
  return finished.map((g) => g.sort((x, y) => x - y)).sort((x, y) => (x[0] as number) - (y[0] as number));
}

/** A person as the incremental clusterer sees it: the sum of its faces' unit vectors and how many there are. */
export interface PersonCentroid {
  id: string;
  sum: Float32Array;
  count: number;
}

/**
 * Average-linkage similarity between one face and a person: the mean cosine to each of its faces, which equals
 * dot(face, Σ members) / count for unit vectors — O(d) instead of O(d·count).
 */
export function similarityToPerson(face: Vector, person: PersonCentroid): number {
  return person.count === 0 ? 0 : dot(unit(face), person.sum) / person.count;
}

export function centroidOf(id: string, vectors: readonly Vector[]): PersonCentroid {
  const dim = vectors[0]?.length ?? 0;
  const sum = new Float32Array(dim);
  for (const v of vectors) {
    const u = unit(v);
    for (let i = 0; i < dim; i++) sum[i] = (sum[i] as number) + (u[i] as number);
  }
  return { id, sum, count: vectors.length };
}

export interface Assignment {
  /** Index into the new faces. */
  face: number;
  /** An existing person's id, or `new:<k>` for the k-th new person formed from new faces. */
  personId: string;
}

/**
 * Incremental clustering: each new face joins the most similar existing person when that similarity reaches the
 * threshold; the rest are clustered among themselves into new people. People's centroids are updated in place so a
 * later batch sees the faces added by this one. With `imageOf`, two faces of one photo never join the same person:
 * the more similar face wins and the other takes its next choice.
 */
export function assignFaces(
  faces: readonly Vector[],
  people: PersonCentroid[],
  threshold = SAME_PERSON_SIMILARITY,
  imageOf?: readonly (string | number)[],
): Assignment[] {
  const out: Assignment[] = [];
  const candidates = faces.map((face) =>
    people
      .map((p) => ({ person: p, sim: similarityToPerson(face, p) }))
      .filter((c) => c.sim >= threshold)
      .sort((a, b) => b.sim - a.sim),
  );
  const order = faces
    .map((_, i) => i)
    .sort((a, b) => (candidates[b]?.[0]?.sim ?? -2) - (candidates[a]?.[0]?.sim ?? -2));
  const taken = new Set<string>();
  const unmatched: number[] = [];
  for (const i of order) {
    const image = imageOf?.[i];
    const choice = (candidates[i] ?? []).find((c) => image === undefined || !taken.has(`${image}\u0000${c.person.id}`));
    if (!choice) {
      unmatched.push(i);
      continue;
    }
    if (image !== undefined) taken.add(`${image}\u0000${choice.person.id}`);
    const u = unit(faces[i] as Vector);
    for (let d = 0; d < u.length; d++) choice.person.sum[d] = (choice.person.sum[d] as number) + (u[d] as number);
    choice.person.count += 1;
    out.push({ face: i, personId: choice.person.id });
  }
  unmatched.sort((a, b) => a - b);
  const groups = averageLinkage(
    unmatched.map((i) => faces[i] as Vector),
    threshold,
    imageOf && unmatched.map((i) => imageOf[i] as string | number),
  );
  groups.forEach((group, k) => {
    for (const g of group) out.push({ face: unmatched[g] as number, personId: `new:${k}` });
  });
  return out.sort((a, b) => a.face - b.face);
}
