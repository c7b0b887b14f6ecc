/** Quality measures for clustering and duplicate grouping, used by tests and benchmarks against labelled corpora. */

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function pairsOf(groups: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) out.add(pairKey(g[i] as string, g[j] as string));
    }
  }
  return out;
}

/**
 * Pairwise precision/recall/F1: every pair of items put together by `predicted` is checked against `truth`.
 * Items are identified by string; an item missing from `predicted` (e.g. undecodable) simply forms no pairs.
 */
export function pairwiseScores(
  predicted: readonly (readonly string[])[],
  truth: readonly (readonly string[])[],
): PairwiseScores {
  const p = pairsOf(predicted);
  const t = pairsOf(truth);
  let correct = 0;
  for (const k of p) if (t.has(k)) correct++;
  const precision = p.size === 0 ? 1 : correct / p.size;
  const recall = t.size === 0 ? 1 : correct / t.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs: t.size, predictedPairs: p.size, correctPairs: correct };
}

/**
 * Purity: the share of items whose cluster's majority label is their own label.
 * Inverse purity (cluster recall): the share of items that sit in the cluster holding most of their label.
 */
export function purityAndRecall(
  predicted: readonly (readonly string[])[],
  labelOf: (item: string) => string,
): { purity: number; recall: number } {
  let total = 0;
  let majority = 0;
  const bestPerLabel = new Map<string, number>();
  const labelTotals = new Map<string, number>();
  for (const cluster of predicted) {
    const counts = new Map<string, number>();
    for (const item of cluster) {
      const label = labelOf(item);
      counts.set(label, (counts.get(label) ?? 0) + 1);
      labelTotals.set(label, (labelTotals.get(label) ?? 0) + 1);
    }
    total += cluster.length;
    majority += Math.max(0, ...counts.values());
    for (const [label, c] of counts) bestPerLabel.set(label, Math.max(bestPerLabel.get(label) ?? 0, c));
  }
  let recalled = 0;
  for (const c of bestPerLabel.values()) recalled += c;
  return { purity: total === 0 ? 1 : majority / total, recall: total === 0 ? 1 : recalled / total };
}
