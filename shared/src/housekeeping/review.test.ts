import { describe, expect, it } from 'vitest';
import { BLURRY_BELOW, bestShot, buildReview, DARK_BELOW, type ReviewItem } from './review';

const NOW = Date.UTC(2026, 11, 3, 12);
const DAY = 86_400_000;
let n = 0;
/** A factory: a sharp, well exposed, unrated JPEG from a known camera, unless told otherwise. */
function item(over: Partial<ReviewItem> = {}): ReviewItem {
  n++;
  return {
    key: `s1:${n}`,
    name: `IMG_${1000 + n}.JPG`,
    sourceId: 's1',
    folder: 'Camera',
    make: 'Apple',
    model: 'iPhone 15',
    takenAt: NOW - 400 * DAY + n * 60_000,
    mediaType: 'image',
    burstId: null,
    rating: 0,
    liked: false,
    bytes: 3_000_000,
    width: 4032,
    height: 3024,
    addedAt: NOW - 300 * DAY,
    labels: [],
    unwanted: false,
    quality: { sharpness: 900, brightness: 120 },
    stats: null,
    ...over,
  };
}

/** A burst: shots 300 ms apart from one camera. */
function burst(count: number, over: (i: number) => Partial<ReviewItem> = () => ({})): ReviewItem[] {
  const start = NOW - 100 * DAY;
  return Array.from({ length: count }, (_, i) => item({ takenAt: start + i * 300, ...over(i) }));
}

describe('bestShot', () => {
  it('keeps the clearly sharper shot, and ignores small differences in sharpness', () => {
    const shots = burst(3, (i) => ({ quality: { sharpness: [400, 1200, 700][i]!, brightness: 120 } }));
    expect(bestShot(shots)).toEqual({ key: shots[1]!.key, reason: 'sharper' });
    const close = burst(2, (i) => ({
      quality: { sharpness: [1000, 1100][i]!, brightness: [60, 118][i]! },
    }));
    // 1000 vs 1100 is within 25 %: exposure decides.
    expect(bestShot(close)).toEqual({ key: close[1]!.key, reason: 'exposure' });
  });

  it('puts what the user said first: a liked shot beats a sharper one, a higher rating too', () => {
    const liked = burst(2, (i) => ({ liked: i === 0, quality: { sharpness: [200, 2000][i]!, brightness: 120 } }));
    expect(bestShot(liked)).toEqual({ key: liked[0]!.key, reason: 'liked' });
    const rated = burst(2, (i) => ({ rating: [4, 2][i]!, quality: { sharpness: [200, 2000][i]!, brightness: 120 } }));
    expect(bestShot(rated)).toEqual({ key: rated[0]!.key, reason: 'rated' });
  });

  it('compares quality only when every shot was measured', () => {
    const shots = burst(2, (i) => ({
      quality: i === 0 ? null : { sharpness: 2000, brightness: 120 },
      width: [4032, 1024][i]!,
    }));
    expect(bestShot(shots)).toEqual({ key: shots[0]!.key, reason: 'resolution' });
  });

  it('falls back to resolution, then to the first taken, so equal shots answer the same every time', () => {
    const res = burst(2, (i) => ({ width: [1920, 4032][i]!, height: [1080, 3024][i]! }));
    expect(bestShot(res)).toEqual({ key: res[1]!.key, reason: 'resolution' });
    const same = burst(3);
    expect(bestShot([...same].reverse())).toEqual({ key: same[0]!.key, reason: 'first' });
  });
});

describe('buildReview', () => {
  it('proposes burst siblings with the shot kept instead, and counts the bytes it would free', () => {
    const shots = burst(4, (i) => ({ quality: { sharpness: i === 2 ? 1500 : 300, brightness: 120 }, bytes: 1000 + i }));
    const lone = item();
    const review = buildReview([...shots, lone], { now: NOW });
    expect(review.groups).toEqual([
      { kind: 'burst', members: shots.map((s) => s.key), best: shots[2]!.key, bestReason: 'sharper' },
    ]);
    expect(review.candidates.map((c) => [c.key, c.reasons, c.keptInstead])).toEqual(
      [0, 1, 3].map((i) => [shots[i]!.key, ['burst-sibling'], shots[2]!.key]),
    );
    expect(review.bytes).toBe(1000 + 1001 + 1003);
  });

  it('judges near-duplicate groups, but not again an item already judged in a burst', () => {
    const shots = burst(2, (i) => ({ quality: { sharpness: [2000, 300][i]!, brightness: 120 } }));
    const copyA = item({ width: 1024, height: 768 });
    const copyB = item({ width: 4032, height: 3024 });
    const review = buildReview([...shots, copyA, copyB], {
      now: NOW,
      duplicateGroups: [
        [copyA.key, copyB.key],
        [shots[0]!.key, copyA.key],
      ],
    });
    expect(review.groups.map((g) => [g.kind, g.best, g.bestReason])).toEqual([
      ['burst', shots[0]!.key, 'sharper'],
      ['duplicate', copyB.key, 'resolution'],
    ]);
    const byKey = new Map(review.candidates.map((c) => [c.key, c]));
    expect(byKey.get(copyA.key)).toMatchObject({ reasons: ['duplicate'], keptInstead: copyB.key });
    expect(byKey.has(shots[0]!.key)).toBe(false);
  });

  it('flags blurry and very dark shots, but never one the user liked or rated', () => {
    const blurry = item({ quality: { sharpness: BLURRY_BELOW - 1, brightness: 120 } });
    const dark = item({ quality: { sharpness: 900, brightness: DARK_BELOW - 1 } });
    const both = item({ quality: { sharpness: 10, brightness: 5 } });
    const likedBlurry = item({ liked: true, quality: { sharpness: 10, brightness: 120 } });
    const ratedDark = item({ rating: 3, quality: { sharpness: 900, brightness: 5 } });
    const unmeasured = item({ quality: null });
    const video = item({ mediaType: 'video', quality: { sharpness: 1, brightness: 1 } });
    const review = buildReview([blurry, dark, both, likedBlurry, ratedDark, unmeasured, video], { now: NOW });
    expect(review.candidates.map((c) => [c.key, c.reasons])).toEqual([
      [blurry.key, ['blurry']],
      [dark.key, ['dark']],
      // Dark lowers the Laplacian's variance too: a dark shot is not also called blurry.
      [both.key, ['dark']],
    ]);
  });

  it('proposes screenshots and document photos only once they are older than the chosen age', () => {
    const oldShot = item({ labels: ['screenshot'], takenAt: NOW - 31 * DAY });
    const newShot = item({ labels: ['screenshot'], takenAt: NOW - 5 * DAY });
    const oldDoc = item({ labels: ['document', 'book'], takenAt: NOW - 200 * DAY });
    const review = buildReview([oldShot, newShot, oldDoc], { now: NOW });
    expect(review.candidates.map((c) => [c.key, c.reasons])).toEqual([
      [oldShot.key, ['screenshot']],
      [oldDoc.key, ['document']],
    ]);
    expect(buildReview([oldShot, newShot], { now: NOW, screenshotAgeDays: 1 }).candidates).toHaveLength(2);
  });

  it('proposes items skipped more often than watched in slideshows, and re-uploads of deleted content', () => {
    const skipped = item({ stats: { views: 5, skips: 4 } });
    const watched = item({ stats: { views: 20, skips: 4 } });
    const rarely = item({ stats: { views: 2, skips: 2 } });
    const returned = item({ unwanted: true });
    const review = buildReview([skipped, watched, rarely, returned], { now: NOW });
    expect(review.candidates.map((c) => [c.key, c.reasons])).toEqual([
      [skipped.key, ['skipped']],
      [returned.key, ['returned']],
    ]);
  });

  it('makes bursts within one source: the same shot in another cloud is a duplicate, not a burst', () => {
    const t = NOW - 20 * DAY;
    const here = item({ takenAt: t });
    const there = item({ takenAt: t, sourceId: 's2', key: 's2:copy' });
    expect(buildReview([here, there], { now: NOW }).groups).toEqual([]);
    const review = buildReview([here, there], { now: NOW, duplicateGroups: [[here.key, there.key]] });
    expect(review.groups.map((g) => g.kind)).toEqual(['duplicate']);
  });

  it('keeps a burst together when shots share a burst id, and leaves RAW files out of the judging', () => {
    const t = NOW - 50 * DAY;
    const a = item({ burstId: 'B1', takenAt: t, quality: { sharpness: 200, brightness: 120 } });
    const b = item({ burstId: 'B1', takenAt: t + 5000, quality: { sharpness: 1500, brightness: 120 } });
    const raw = item({ name: a.name.replace('.JPG', '.DNG'), takenAt: t, quality: null });
    const review = buildReview([a, b, raw], { now: NOW });
    expect(review.groups).toEqual([{ kind: 'burst', members: [a.key, b.key], best: b.key, bestReason: 'sharper' }]);
  });
});
