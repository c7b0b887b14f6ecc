/**
 * What a share should publish and withdraw, from what the collection holds now and what was published before.
 * Pure: the extension's publisher reads both sides from Dexie, applies the plan, and keeps per-item state.
 */

/** Per-item state of one share (Dexie `published`); `review` waits for the sharer's approval. */
export type PublishedState = 'review' | 'pending' | 'published' | 'failed' | 'withdrawing' | 'withdrawn';
/** Every state, e.g. to count a share's rows per state. */
export const PUBLISHED_STATES: readonly PublishedState[] = [
  'review',
  'pending',
  'published',
  'failed',
  'withdrawing',
  'withdrawn',
];

export interface PublishedEntry {
  itemKey: string;
  state: PublishedState;
}

export interface PlanInput {
  /** Keys the collection holds now (static: its list; dynamic: its filter over the index). */
  matching: Iterable<string>;
  /** Keys that must never be shared: unwanted, flagged by a tombstone, or no longer in the index. */
  excluded: ReadonlySet<string>;
  published: Iterable<PublishedEntry>;
  /** Sharer-side review: new matches wait in `review` instead of going out. */
  review: boolean;
  /** Retry items that failed before (the user asked, or a new sync started). */
  retryFailed: boolean;
}

export interface PublishPlan {
  /** New or re-matching keys to queue as `pending` (to link and publish). */
  publish: string[];
  /** New matches that wait for the sharer's approval. */
  toReview: string[];
  /** Keys the portal may hold: withdraw at the portal and revoke their delegated links. */
  withdraw: string[];
  /** Keys known only on the device (never reached the portal): forget them locally. */
  drop: string[];
}

/** States in which the portal may hold the item (a pending row may have been sent before a crash). */
const REMOTE: ReadonlySet<PublishedState> = new Set(['pending', 'published', 'withdrawing']);

export function planPublish(input: PlanInput): PublishPlan {
  const plan: PublishPlan = { publish: [], toReview: [], withdraw: [], drop: [] };
  const wanted = new Set<string>();
  for (const key of input.matching) if (!input.excluded.has(key)) wanted.add(key);
  const known = new Map<string, PublishedState>();
  for (const e of input.published) known.set(e.itemKey, e.state);

  for (const key of wanted) {
    const state = known.get(key);
    if (state === undefined || state === 'withdrawn') (input.review ? plan.toReview : plan.publish).push(key);
    else if (state === 'failed' && input.retryFailed) plan.publish.push(key);
    else if (state === 'withdrawing') plan.publish.push(key);
  }
  for (const [key, state] of known) {
    if (wanted.has(key) || state === 'withdrawn') continue;
    if (REMOTE.has(state)) plan.withdraw.push(key);
    else plan.drop.push(key);
  }
  return plan;
}

/** Splits a list into batches of at most `size` (the API takes ≤ 500 items per request). */
export function batches<T>(list: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
