/** What the duplicates review knows of each copy in a group. */
export interface Copy {
  key: string;
  bytes: number | null;
  width: number | null;
  height: number | null;
  liked: boolean;
  rating: number;
  addedAt: number;
}

export type KeepReason = 'liked' | 'rated' | 'resolution' | 'size' | 'oldest';

export const KEEP_REASON_WORDS: Record<KeepReason, string> = {
  liked: 'you liked it',
  rated: 'you rated it higher',
  resolution: 'highest resolution',
  size: 'largest file, least compressed',
  oldest: 'the first copy indexed',
};

const pixels = (c: Copy) => (c.width ?? 0) * (c.height ?? 0);

/**
 * The copy to keep in a duplicate group, and why: what the user said first (liked, rating), then image quality
 * (pixels, then bytes at equal pixels), then the copy indexed first, so the answer is stable between reviews.
 */
export function suggestKeeper(copies: readonly Copy[]): { key: string; reason: KeepReason } {
  if (copies.length === 0) throw new Error('suggestKeeper: empty group');
  const rules: [KeepReason, (c: Copy) => number][] = [
    ['liked', (c) => (c.liked ? 1 : 0)],
    ['rated', (c) => c.rating],
    ['resolution', pixels],
    ['size', (c) => c.bytes ?? 0],
    ['oldest', (c) => -c.addedAt],
  ];
  let left = [...copies];
  for (const [reason, score] of rules) {
    const best = Math.max(...left.map(score));
    const top = left.filter((c) => score(c) === best);
    if (top.length < left.length) {
      left = top;
      if (left.length === 1) return { key: left[0]!.key, reason };
    }
  }
  // All equal on every rule: the first as listed.
  return { key: left[0]!.key, reason: 'oldest' };
}

/** Bytes the other copies take (what removing them at the source would free); unknown sizes count as 0. */
export const bytesInOtherCopies = (copies: readonly Copy[], keep: string) =>
  copies.reduce((sum, c) => (c.key === keep ? sum : sum + (c.bytes ?? 0)), 0);
