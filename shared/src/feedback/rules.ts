/** Comments and reactions (issue 23): the rules the worker enforces and the viewer shows. */

/**
 * The fixed set a viewer picks one of per item, in the order they are offered. The portal draws them as its own
 * icons (viewer/feedback/ReactionIcon.tsx) rather than emoji, which look different on every system and are missing
 * where no emoji font is installed.
 */
export const REACTION_KINDS = ['heart', 'smile', 'wow', 'star', 'fire'] as const;
export type ReactionKindName = (typeof REACTION_KINDS)[number];

export const REACTION_LABEL: Record<ReactionKindName, string> = {
  heart: 'Love it',
  smile: 'Makes me smile',
  wow: 'Wow',
  star: 'Favourite',
  fire: 'On fire',
};

/**
 * A commenter's display name as others see it. Names are shown to every viewer, so a name is never an email (the
 * security issue's rule for contributor names, #16 finding 5): the part before @, or "Guest".
 */
export function publicCommentName(name: string): string {
  const local = name.includes('@') ? name.split('@')[0]!.trim() : name.trim();
  return local || 'Guest';
}

/** "3 comments", "1 comment". */
export const commentCountLabel = (n: number) => `${n} ${n === 1 ? 'comment' : 'comments'}`;

/** The reactions on an item, most first (ties in the offered order), without the kinds nobody chose. */
export function reactionsByCount(counts: Partial<Record<ReactionKindName, number>>) {
  return REACTION_KINDS.map((kind) => ({ kind, count: counts[kind] ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** Total reactions on an item. */
export const reactionTotal = (counts: Partial<Record<ReactionKindName, number>>) =>
  Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
