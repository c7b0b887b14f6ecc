// The housekeeping review (shared/src/housekeeping/review.ts buildReview) over a generated 100,000-item library: two
// phones over five years, a 5-shot burst every 40 photos, a few blurry, dark, old-screenshot and often-skipped shots,
// 2,000 exact duplicates across two clouds. Baseline: sorting the same items by capture time, the least a burst
// finder must do.
import { buildReview, type ReviewItem } from '../shared/src/housekeeping/review';
import { seeded } from '../shared/src/vision/hash-fixtures';
import { type Figure, figure, quantile } from './figure';

const LIBRARY = 100_000;
const RUNS = 5;
const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;

function library(): { items: ReviewItem[]; duplicateGroups: string[][] } {
  const next = seeded(11);
  const rnd = () => next() / 2 ** 32;
  const start = NOW - 5 * 365 * DAY;
  const items: ReviewItem[] = [];
  const duplicateGroups: string[][] = [];
  let t = start;
  for (let n = 0; items.length < LIBRARY; n++) {
    const inBurst = n % 40 >= 35;
    t += inBurst ? 300 : Math.floor(rnd() * 2 * 3_600_000);
    const sourceId = n % 5 === 0 ? 'gdrive' : 'onedrive';
    const phone = n % 3 === 0 ? ['Google', 'Pixel 8'] : ['Apple', 'iPhone 15'];
    const r = rnd();
    items.push({
      key: `${sourceId}:${n}`,
      name: `IMG_${n}.JPG`,
      sourceId,
      folder: 'Camera',
      make: phone[0]!,
      model: phone[1]!,
      takenAt: t,
      mediaType: n % 50 === 0 ? 'video' : 'image',
      burstId: null,
      rating: r < 0.02 ? 4 : 0,
      liked: r > 0.97,
      bytes: 2_000_000 + Math.floor(rnd() * 4_000_000),
      width: 4032,
      height: 3024,
      addedAt: t + DAY,
      labels: r > 0.4 && r < 0.42 ? ['screenshot'] : r > 0.5 && r < 0.51 ? ['document'] : [],
      unwanted: r > 0.6 && r < 0.601,
      quality: { sharpness: r < 0.03 ? 20 : 200 + rnd() * 1500, brightness: r > 0.9 && r < 0.92 ? 15 : 120 },
      stats: r > 0.7 && r < 0.75 ? { views: 5, skips: 4 } : null,
    });
    if (n % 50 === 7 && duplicateGroups.length < 2_000) duplicateGroups.push([`${sourceId}:${n}`, `blob:${n}`]);
  }
  // The duplicates' other copies, in a third cloud.
  for (const [key, copy] of duplicateGroups) {
    const of = items.find((i) => i.key === key)!;
    items.push({ ...of, key: copy!, sourceId: 'blob' });
  }
  return { items, duplicateGroups };
}

export async function run(): Promise<Figure[]> {
  const { items, duplicateGroups } = library();
  const build: number[] = [];
  const sort: number[] = [];
  let candidates = 0;
  let groups = 0;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    const sorted = [...items].sort((a, b) => a.takenAt - b.takenAt);
    sort.push(performance.now() - t);
    if (sorted.length !== items.length) throw new Error('unreachable');
    t = performance.now();
    const review = buildReview(items, { now: NOW, duplicateGroups });
    build.push(performance.now() - t);
    candidates = review.candidates.length;
    groups = review.groups.length;
  }
  return [
    figure(
      'housekeeping.review_build_ms_100k',
      quantile(build, 0.5),
      'ms',
      quantile(sort, 0.5),
      null,
      `buildReview over ${items.length.toLocaleString()} generated items (median of ${RUNS}): ${groups.toLocaleString()} groups, ${candidates.toLocaleString()} candidates; baseline = sorting the same items by capture time`,
    ),
  ];
}
