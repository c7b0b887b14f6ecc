import { z } from 'zod';
import { buildStacks, isRaw, type StackableItem } from '../stacks/stacks';
import type { ImageQuality } from './quality';

/**
 * The housekeeping review: which items could go, and why. Pure: the extension passes the index rows, their measured
 * quality, slideshow statistics and the duplicate groups it found; nothing here reads a database or the clock.
 */

/**
 * Below this the thumbnail is blurry. Measured (QUALITY_SIDE frame): 22 sharp photos of demo/photos and the
 * face-api.js corpus scored 116–9,800; the same photos under a 3-pass 7×7 box blur at 512 px scored 4.6–27.
 */
export const BLURRY_BELOW = 50;
/** Mean luma below this (of 255) is a very dark shot: a pocket, a lens cap, a night without light. */
export const DARK_BELOW = 35;
/** Screenshots and document photos are proposed once they are this old (the receipt has served its purpose). */
export const DEFAULT_SCREENSHOT_AGE_DAYS = 30;
/** Skipped in slideshows at least this often, and more often than watched to the end. */
export const SKIPPED_AT_LEAST = 3;
/** A sharper shot in a group wins on sharpness only when it is clearly sharper: small differences are noise. */
const SHARPER_BY = 1.25;

export type ReviewItem = StackableItem & {
  bytes: number | null;
  width: number | null;
  height: number | null;
  addedAt: number;
  labels: readonly string[];
  unwanted: boolean;
  quality: ImageQuality | null;
  stats: { views: number; skips: number } | null;
};

export const CandidateReason = z.enum([
  'burst-sibling',
  'duplicate',
  'blurry',
  'dark',
  'screenshot',
  'document',
  'skipped',
  'returned',
]);
export type CandidateReason = z.infer<typeof CandidateReason>;

export type BestReason = 'liked' | 'rated' | 'sharper' | 'exposure' | 'resolution' | 'first';

export interface ReviewGroup {
  kind: 'burst' | 'duplicate';
  /** Members in capture order. */
  members: string[];
  best: string;
  bestReason: BestReason;
}

export interface Candidate {
  key: string;
  reasons: CandidateReason[];
  /** For a burst sibling or a duplicate: the shot kept in its place. */
  keptInstead: string | null;
  bytes: number;
}

export interface ReviewOptions {
  now: number;
  screenshotAgeDays?: number;
  /** Exact and near-duplicate groups (vision/dedupe), as item keys. */
  duplicateGroups?: readonly (readonly string[])[];
}

export interface Review {
  groups: ReviewGroup[];
  candidates: Candidate[];
  /** Bytes the candidates take at their sources (unknown sizes count 0). */
  bytes: number;
}

const pixels = (i: ReviewItem) => (i.width ?? 0) * (i.height ?? 0);
/** Distance from mid-grey exposure: 0 is best. */
const exposureError = (i: ReviewItem) => (i.quality ? Math.abs(i.quality.brightness - 118) : Number.POSITIVE_INFINITY);

/**
 * The best shot of a group, and why: what the user said first (liked, rating), then a clearly sharper shot, then the
 * better exposed one, then more pixels, then the first taken, so the answer is stable between reviews.
 */
export function bestShot(members: readonly ReviewItem[]): { key: string; reason: BestReason } {
  if (members.length === 0) throw new Error('bestShot: empty group');
  let left = [...members];
  const narrow = (reason: BestReason, keep: (c: ReviewItem, all: ReviewItem[]) => boolean) => {
    const top = left.filter((c) => keep(c, left));
    if (top.length > 0 && top.length < left.length) {
      left = top;
      if (left.length === 1) return { key: left[0]!.key, reason };
    }
    return null;
  };
  const maxOf = (all: ReviewItem[], f: (c: ReviewItem) => number) => Math.max(...all.map(f));
  const sharpness = (c: ReviewItem) => c.quality?.sharpness ?? 0;
  const measured = (all: ReviewItem[]) => all.every((c) => c.quality !== null);
  return (
    narrow('liked', (c, all) => c.liked === all.some((x) => x.liked)) ??
    narrow('rated', (c, all) => c.rating === maxOf(all, (x) => x.rating)) ??
    // Every shot within SHARPER_BY of the sharpest stays in: only a clear loser on sharpness is dropped. Shots are
    // compared on quality only when all were measured: an unanalysed copy is not worse, just unknown.
    narrow('sharper', (c, all) => measured(all) && sharpness(c) * SHARPER_BY >= maxOf(all, sharpness)) ??
    narrow('exposure', (c, all) => measured(all) && exposureError(c) <= Math.min(...all.map(exposureError)) + 10) ??
    narrow('resolution', (c, all) => pixels(c) === maxOf(all, pixels)) ?? {
      key: [...left].sort((a, b) => a.takenAt - b.takenAt || (a.key < b.key ? -1 : 1))[0]!.key,
      reason: 'first',
    }
  );
}

const DAY_MS = 86_400_000;

/** Builds the review: groups with their best shot, then one candidate per item with every reason that applies. */
export function buildReview(items: readonly ReviewItem[], opts: ReviewOptions): Review {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const reasons = new Map<string, Set<CandidateReason>>();
  const keptInstead = new Map<string, string>();
  const add = (key: string, r: CandidateReason) => {
    const set = reasons.get(key) ?? new Set<CandidateReason>();
    set.add(r);
    reasons.set(key, set);
  };

  const groups: ReviewGroup[] = [];
  const grouped = new Set<string>();
  // A burst is one camera's shots in one place; the same shot in another cloud is a duplicate, judged below.
  const bySource = new Map<string, ReviewItem[]>();
  for (const i of items) {
    if (i.unwanted) continue;
    const list = bySource.get(i.sourceId);
    if (list) list.push(i);
    else bySource.set(i.sourceId, [i]);
  }
  for (const stack of [...bySource.values()].flatMap((list) => buildStacks(list))) {
    if (stack.kind !== 'burst') continue;
    // A RAW rides under its JPEG in a stack; the review judges the developed shots only.
    const members = stack.members.map((k) => byKey.get(k)!).filter((i) => !isRaw(i.name));
    if (members.length < 2) continue;
    groups.push(groupOf('burst', members));
    for (const m of members) grouped.add(m.key);
  }
  for (const keys of opts.duplicateGroups ?? []) {
    // An item already judged in a burst is not judged again in a duplicate group.
    const members = keys.map((k) => byKey.get(k)).filter((i): i is ReviewItem => !!i && !grouped.has(i.key));
    if (members.length < 2) continue;
    groups.push(groupOf('duplicate', members));
  }
  for (const g of groups) {
    for (const k of g.members) {
      if (k === g.best) continue;
      add(k, g.kind === 'burst' ? 'burst-sibling' : 'duplicate');
      keptInstead.set(k, g.best);
    }
  }

  const oldEnough = opts.now - (opts.screenshotAgeDays ?? DEFAULT_SCREENSHOT_AGE_DAYS) * DAY_MS;
  for (const i of items) {
    if (i.unwanted) add(i.key, 'returned');
    // What the user liked or rated is never proposed for a quality reason.
    if (i.liked || i.rating > 0) continue;
    if (i.quality && i.mediaType !== 'video') {
      // The Laplacian's variance falls with contrast, so a very dark shot reads as blurry too: it is called dark only.
      if (i.quality.brightness < DARK_BELOW) add(i.key, 'dark');
      else if (i.quality.sharpness < BLURRY_BELOW) add(i.key, 'blurry');
    }
    if (i.takenAt < oldEnough) {
      if (i.labels.includes('screenshot')) add(i.key, 'screenshot');
      else if (i.labels.includes('document')) add(i.key, 'document');
    }
    if (i.stats && i.stats.skips >= SKIPPED_AT_LEAST && i.stats.skips > i.stats.views - i.stats.skips)
      add(i.key, 'skipped');
  }

  const candidates: Candidate[] = [];
  let bytes = 0;
  for (const i of items) {
    const r = reasons.get(i.key);
    if (!r) continue;
    candidates.push({ key: i.key, reasons: [...r], keptInstead: keptInstead.get(i.key) ?? null, bytes: i.bytes ?? 0 });
    bytes += i.bytes ?? 0;
  }
  return { groups, candidates, bytes };
}

function groupOf(kind: ReviewGroup['kind'], members: ReviewItem[]): ReviewGroup {
  const ordered = [...members].sort((a, b) => a.takenAt - b.takenAt || (a.key < b.key ? -1 : 1));
  const best = bestShot(ordered);
  return { kind, members: ordered.map((m) => m.key), best: best.key, bestReason: best.reason };
}

/** Short enough for a tile's caption; the page's section titles say the rest. */
export const REASON_WORDS: Record<CandidateReason, string> = {
  'burst-sibling': 'Burst',
  duplicate: 'Duplicate',
  blurry: 'Blurry',
  dark: 'Very dark',
  screenshot: 'Old screenshot',
  document: 'Old document',
  skipped: 'Often skipped',
  returned: 'Came back',
};

export const BEST_REASON_WORDS: Record<BestReason, string> = {
  liked: 'you liked it',
  rated: 'you rated it higher',
  sharper: 'sharpest',
  exposure: 'best exposed',
  resolution: 'most pixels',
  first: 'taken first',
};
