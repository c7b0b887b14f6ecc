/**
 * Learning the user's tags from what the vision pipeline saw: for each tag with enough examples, a k-NN and a small
 * logistic model are both fitted on face (people), label and perceptual-hash features; k-fold cross-validation on the
 * user's own items picks the better one per tag, and only a tag whose chosen model reaches MIN_F1 makes suggestions.
 */

export interface TaggableItem {
  key: string;
  tags: readonly string[];
  /** COCO/derived label → score (1 when only the name is known). */
  labels: Readonly<Record<string, number>>;
  people: readonly string[];
  phash: string | null;
}

/** The user's answers: a rejected suggestion is a confirmed negative. */
export interface Feedback {
  key: string;
  tag: string;
  accepted: boolean;
}

export const MIN_POSITIVES = 5;
export const MIN_F1 = 0.6;
export const SUGGEST_AT = 0.5;
const K = 5;
const FOLDS = 5;

export interface Vocabulary {
  labels: string[];
  people: string[];
}

export function vocabularyOf(items: readonly TaggableItem[]): Vocabulary {
  const labels = new Set<string>();
  const people = new Set<string>();
  for (const i of items) {
    for (const l of Object.keys(i.labels)) labels.add(l);
    for (const p of i.people) people.add(p);
  }
  return { labels: [...labels].sort(), people: [...people].sort() };
}

/** Dense features: label scores, people present, and the 64 pHash bits at a lower weight (a look, not a meaning). */
export function featuresOf(item: TaggableItem, vocab: Vocabulary): Float32Array {
  const v = new Float32Array(vocab.labels.length + vocab.people.length + 64);
  vocab.labels.forEach((l, i) => {
    v[i] = item.labels[l] ?? 0;
  });
  const offset = vocab.labels.length;
  vocab.people.forEach((p, i) => {
    v[offset + i] = item.people.includes(p) ? 1 : 0;
  });
  const h = offset + vocab.people.length;
  if (item.phash) {
    for (let b = 0; b < 64; b++) {
      const nibble = Number.parseInt(item.phash[b >> 2] as string, 16);
      v[h + b] = (nibble >> (3 - (b & 3))) & 1 ? 0.15 : -0.15;
    }
  }
  return v;
}

const dotp = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};
const norm = (a: Float32Array) => Math.sqrt(dotp(a, a)) || 1;

export interface Example {
  x: Float32Array;
  y: 0 | 1;
  weight: number;
}

export type Scorer = (x: Float32Array) => number;

/** Similarity-weighted vote of the K most similar examples (cosine). */
export function fitKnn(examples: readonly Example[]): Scorer {
  const norms = examples.map((e) => norm(e.x));
  return (x) => {
    const nx = norm(x);
    const near = examples
      .map((e, i) => ({ e, sim: dotp(e.x, x) / (nx * (norms[i] as number)) }))
      .sort((a, b) => b.sim - a.sim)
      .slice(0, K);
    let yes = 0;
    let total = 0;
    for (const { e, sim } of near) {
      const w = Math.max(0, sim) * e.weight;
      yes += w * e.y;
      total += w;
    }
    return total === 0 ? 0 : yes / total;
  };
}

/** L2-regularised logistic regression by gradient descent, classes balanced so rare tags are not ignored. */
export function fitLogistic(examples: readonly Example[], epochs = 200, rate = 0.5, l2 = 1e-3): Scorer {
  const dim = examples[0]?.x.length ?? 0;
  const w = new Float32Array(dim);
  let b = 0;
  const pos = examples.filter((e) => e.y === 1).reduce((s, e) => s + e.weight, 0) || 1;
  const neg = examples.filter((e) => e.y === 0).reduce((s, e) => s + e.weight, 0) || 1;
  const total = pos + neg;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = new Float32Array(dim);
    let gb = 0;
    for (const e of examples) {
      const balance = e.weight * (e.y === 1 ? total / (2 * pos) : total / (2 * neg));
      const err = (1 / (1 + Math.exp(-(dotp(w, e.x) + b))) - e.y) * balance;
      for (let i = 0; i < dim; i++) grad[i] = (grad[i] as number) + err * (e.x[i] as number);
      gb += err;
    }
    for (let i = 0; i < dim; i++)
      w[i] = (w[i] as number) - rate * ((grad[i] as number) / examples.length + l2 * (w[i] as number));
    b -= (rate * gb) / examples.length;
  }
  return (x) => 1 / (1 + Math.exp(-(dotp(w, x) + b)));
}

export type ModelKind = 'knn' | 'logistic';
const FIT: Record<ModelKind, (e: readonly Example[]) => Scorer> = { knn: fitKnn, logistic: fitLogistic };

/** F1 of a model kind by k-fold cross-validation (deterministic folds by position). */
export function crossValidatedF1(examples: readonly Example[], kind: ModelKind, folds = FOLDS): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => i % folds !== f);
    const test = examples.filter((_, i) => i % folds === f);
    if (train.every((e) => e.y === 0) || test.length === 0) continue;
    const score = FIT[kind](train);
    for (const e of test) {
      const yes = score(e.x) >= SUGGEST_AT;
      if (yes && e.y === 1) tp++;
      else if (yes) fp++;
      else if (e.y === 1) fn++;
    }
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

export interface TagModel {
  tag: string;
  kind: ModelKind;
  f1: number;
  positives: number;
  /** Cross-validated F1 of both kinds, for the record (and the benchmark). */
  scores: Record<ModelKind, number>;
}

export interface Suggestion {
  key: string;
  tag: string;
  score: number;
}

/**
 * Trains per tag, then suggests tags for items that do not have them and whose suggestion was not rejected before.
 * Items with a tag are positives; items without it are negatives (weight 1), rejected suggestions weigh 2.
 */
export function trainAndSuggest(
  items: readonly TaggableItem[],
  feedback: readonly Feedback[],
): { models: TagModel[]; suggestions: Suggestion[] } {
  const vocab = vocabularyOf(items);
  const x = new Map(items.map((i) => [i.key, featuresOf(i, vocab)]));
  const rejected = new Set(feedback.filter((f) => !f.accepted).map((f) => `${f.key}\u0000${f.tag}`));
  const tags = [...new Set(items.flatMap((i) => i.tags))].sort();
  const models: TagModel[] = [];
  const suggestions: Suggestion[] = [];
  for (const tag of tags) {
    const examples: Example[] = items.map((i) => ({
      x: x.get(i.key) as Float32Array,
      y: i.tags.includes(tag) ? 1 : 0,
      weight: rejected.has(`${i.key}\u0000${tag}`) ? 2 : 1,
    }));
    const positives = examples.filter((e) => e.y === 1).length;
    if (positives < MIN_POSITIVES || positives === examples.length) continue;
    const scores = { knn: crossValidatedF1(examples, 'knn'), logistic: crossValidatedF1(examples, 'logistic') };
    const kind: ModelKind = scores.logistic > scores.knn ? 'logistic' : 'knn';
    models.push({ tag, kind, f1: scores[kind], positives, scores });
    if (scores[kind] < MIN_F1) continue;
    const score = FIT[kind](examples);
    for (const i of items) {
      if (i.tags.includes(tag) || rejected.has(`${i.key}\u0000${tag}`)) continue;
      const s = score(x.get(i.key) as Float32Array);
      if (s >= SUGGEST_AT) suggestions.push({ key: i.key, tag, score: Math.round(s * 1000) / 1000 });
    }
  }
  return { models, suggestions: suggestions.sort((a, b) => b.score - a.score) };
}
