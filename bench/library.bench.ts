// Library dashboard at 100,000 items in Chromium, then Firefox (the built extensions, HYPOMOS_DEMO=1 builds):
// dynamic-collection evaluation (planned vs a naive full scan), timeline first paint, scroll frame rate.
import type { CDPSession, Page } from 'playwright-core';
import {
  allowKeepNames,
  installIdbHelpers,
  type SeedOptions,
  seedOptions,
  seedThroughPage,
  seedThroughScript,
} from '../e2e/fixtures/library-seed';
import { startThumbnailServer } from '../e2e/fixtures/thumbnail-server';
import { launchChromium } from '../e2e/harness/chromium';
import { launchFirefox } from '../e2e/harness/firefox';
import type { Evaluator } from '../e2e/sources-support';
import { type Figure, figure, quantile } from './figure';

const TOTAL = 100_000;
/** Dynamic collections people make: by tag, camera and period, person, place, type, folder, rating. */
const QUERIES = [
  'tag:family',
  'camera:canon after:2020-01-01',
  'person:Alice',
  'label:dog has:gps',
  'is:video',
  'folder:"Photos/2019/Wedding"',
  'near:48.85,2.35,50km',
  'rating>=4 tag:holiday',
  'camera:apple year:2023 tag:kids',
  'place:France label:food',
];
const PLANNED_RUNS = 5;
const NAIVE_RUNS = 1;

interface BenchHook {
  evaluate(q: string): Promise<{ ms: number; count: number; index: string | null }>;
  prepare(): { ms: number; items: number } | null;
  memory(q: string): { ms: number; count: number; index: string | null; tested: number } | null;
  naive(q: string): Promise<{ ms: number; count: number }>;
}
/** What the measurements need of a dashboard page: Playwright's Page (Chromium) or the Firefox harness's tab. */
type Dashboard = Evaluator;

/** Polls `fn` in the page until it returns a non-null value. */
async function waitInPage<R>(page: Dashboard, fn: () => R | null, timeoutMs: number, intervalMs: number): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, undefined);
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting in the page');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

interface FilterSamples {
  planned: number[];
  memory: number[];
  naive: number[];
  build: { ms: number; items: number };
  perQuery: string[];
  perQueryMemory: string[];
}

/** Times every saved filter through the dashboard's bench hook: IndexedDB plan, in-memory index, naive scan. */
async function filterSamples(page: Dashboard): Promise<FilterSamples> {
  const planned: number[] = [];
  const memory: number[] = [];
  const naive: number[] = [];
  const mismatches: string[] = [];
  const perQuery: string[] = [];
  const perQueryMemory: string[] = [];
  // The first call once the catalog has loaded builds the filter index: that is its build time.
  const build = await waitInPage(
    page,
    () => (window as unknown as { __hypomosBench: BenchHook }).__hypomosBench.prepare(),
    300_000,
    500,
  );
  for (const q of QUERIES) {
    let plannedCount = -1;
    for (let r = 0; r < PLANNED_RUNS; r++) {
      const res = await page.evaluate(
        (query: string) => (window as unknown as { __hypomosBench: BenchHook }).__hypomosBench.evaluate(query),
        q,
      );
      planned.push(res.ms);
      plannedCount = res.count;
    }
    const qTimes = planned.slice(-PLANNED_RUNS);
    perQuery.push(`${q}: ${quantile(qTimes, 0.5).toFixed(0)} ms`);
    for (let r = 0; r < PLANNED_RUNS; r++) {
      const res = await page.evaluate(
        (query: string) => (window as unknown as { __hypomosBench: BenchHook }).__hypomosBench.memory(query),
        q,
      );
      if (res === null) throw new Error('the catalog is not loaded');
      memory.push(res.ms);
      if (res.count !== plannedCount) mismatches.push(`${q}: planned ${plannedCount}, in memory ${res.count}`);
      if (r === 0)
        perQueryMemory.push(`${q}: ${res.count} found, ${res.tested} tested via ${res.index ?? 'full scan'}`);
    }
    for (let r = 0; r < NAIVE_RUNS; r++) {
      const res = await page.evaluate(
        (query: string) => (window as unknown as { __hypomosBench: BenchHook }).__hypomosBench.naive(query),
        q,
      );
      naive.push(res.ms);
      if (res.count !== plannedCount) mismatches.push(`${q}: planned ${plannedCount}, scan ${res.count}`);
    }
  }
  if (mismatches.length > 0) throw new Error(`planned and naive evaluation disagree: ${mismatches.join('; ')}`);
  return { planned, memory, naive, build, perQuery, perQueryMemory };
}

function filterFigures({ planned, memory, naive, build, perQuery, perQueryMemory }: FilterSamples): Figure[] {
  const note = `${QUERIES.length} saved filters × ${PLANNED_RUNS} runs; baseline = naive full scan (read all rows, test each), ${NAIVE_RUNS} run each`;
  const memoryNote = `the dashboard's path: its in-memory filter index over the loaded catalog; ${note}`;
  return [
    figure(
      'library.filter_p95_ms_100k',
      quantile(memory, 0.95),
      'ms',
      quantile(naive, 0.95),
      '≤ 50 ms',
      `${memoryNote}; ${perQueryMemory.join('; ')}`,
    ),
    figure('library.filter_p50_ms_100k', quantile(memory, 0.5), 'ms', quantile(naive, 0.5), null, memoryNote),
    figure(
      'library.filter_index_build_ms_100k',
      build.ms,
      'ms',
      null,
      null,
      `building that index once after the catalog of ${build.items} items loads (and after each change, on the next filter)`,
    ),
    figure(
      'library.filter_indexeddb_p95_ms_100k',
      quantile(planned, 0.95),
      'ms',
      quantile(naive, 0.95),
      null,
      `IndexedDB through its indexes, used before the catalog has loaded and outside the dashboard; ${note}; per-filter medians: ${perQuery.join('; ')}`,
    ),
    figure(
      'library.filter_indexeddb_p50_ms_100k',
      quantile(planned, 0.5),
      'ms',
      quantile(naive, 0.5),
      null,
      `IndexedDB through its indexes; ${note}`,
    ),
  ];
}

/** Navigation start → first tiles painted, beside the page's first contentful paint (the app shell alone). */
async function firstPaint(
  open: () => Promise<Dashboard & { close(): Promise<void> }>,
): Promise<{ tiles: number[]; shell: number[] }> {
  const tiles: number[] = [];
  const shell: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await open();
    tiles.push(
      await waitInPage(
        page,
        () => performance.getEntriesByName('hypomos:timeline-first-paint')[0]?.startTime ?? null,
        60_000,
        50,
      ),
    );
    shell.push(
      await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        undefined,
      ),
    );
    await page.close();
  }
  return { tiles, shell };
}

/** Frame intervals while scrolling, from Chromium's own trace (DrawFrame events of the compositor). */
async function scrollFrames(page: Page, cdp: CDPSession): Promise<{ intervals: number[]; source: string }> {
  await page.waitForSelector('[role="gridcell"]');
  await allowKeepNames(page);
  const chunks: string[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => chunks.push(JSON.stringify(e.value)));
  const done = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline.frame', 'devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  // Scroll by a steady amount every frame for ~4 s, the way a trackpad fling moves through the grid.
  const rafIntervals = (await page.evaluate(
    () =>
      new Promise<number[]>((ok) => {
        const el = document.querySelector('[data-testid="grid"]') as HTMLElement;
        const stamps: number[] = [];
        const step = (t: number) => {
          stamps.push(t);
          el.scrollTop += 90;
          if (stamps.length < 240) requestAnimationFrame(step);
          else ok(stamps.slice(1).map((s, i) => s - stamps[i]!));
        };
        requestAnimationFrame(step);
      }),
  )) as number[];
  await cdp.send('Tracing.end');
  await done;
  const events = chunks.flatMap((c) => JSON.parse(c) as { name: string; ts: number; ph: string }[]);
  const draws = events
    .filter((e) => e.name === 'DrawFrame')
    .map((e) => e.ts / 1000)
    .sort((a, b) => a - b);
  if (draws.length > 30)
    return { intervals: draws.slice(1).map((t, i) => t - draws[i]!), source: `${draws.length} DrawFrame trace events` };
  return { intervals: rafIntervals, source: 'requestAnimationFrame timestamps (no DrawFrame events in the trace)' };
}

/**
 * The same dashboard, seed and measurements in firefox-esr (the MV2 build over Marionette, e2e/harness/firefox.ts),
 * after Chromium in the same run: each Firefox figure's baseline is Chromium's figure from this run.
 */
async function firefoxFigures(
  opts: SeedOptions,
  chromium: { filterP95: number; firstPaint: number },
): Promise<Figure[]> {
  const ff = await launchFirefox();
  try {
    const tab = await ff.openExtensionPage('dashboard.html#/timeline');
    await waitInPage(tab, () => ('__hypomosBench' in window ? true : null), 60_000, 250);
    const seeded = await seedThroughScript(tab, opts, TOTAL);
    if (seeded !== TOTAL) throw new Error(`Firefox: seeded ${seeded} items, expected ${TOTAL}`);
    await tab.reload();
    await waitInPage(tab, () => ('__hypomosBench' in window ? true : null), 60_000, 250);
    const samples = await filterSamples(tab);
    const paints = await firstPaint(() => ff.openExtensionPage('dashboard.html#/timeline'));
    const naiveP95 = quantile(samples.naive, 0.95);
    return [
      figure(
        'library.filter_p95_ms_100k_firefox',
        quantile(samples.memory, 0.95),
        'ms',
        chromium.filterP95,
        '≤ 50 ms',
        `Firefox (firefox-esr, MV2 build): the dashboard's in-memory filter index, ${QUERIES.length} saved filters × ${PLANNED_RUNS} runs; baseline = library.filter_p95_ms_100k in Chromium in this run; Firefox's naive full scan p95 ${naiveP95.toFixed(0)} ms, index build ${samples.build.ms.toFixed(0)} ms, IndexedDB plan p95 ${quantile(samples.planned, 0.95).toFixed(0)} ms`,
      ),
      figure(
        'library.timeline_first_paint_ms_100k_firefox',
        quantile(paints.tiles, 0.5),
        'ms',
        chromium.firstPaint,
        '≤ 1000 ms',
        `Firefox: median of ${paints.tiles.length} loads (${paints.tiles.map((p) => p.toFixed(0)).join(', ')} ms), navigation start → first tiles painted; baseline = library.timeline_first_paint_ms_100k in Chromium in this run; Firefox's first contentful paint (app shell) ${quantile(paints.shell, 0.5).toFixed(0)} ms`,
      ),
    ];
  } finally {
    await ff.close();
  }
}

export async function run(): Promise<Figure[]> {
  const thumbs = await startThumbnailServer();
  const browser = await launchChromium();
  try {
    const page = await browser.openPage('dashboard.html#/timeline');
    const hasHook = await page
      .waitForFunction(() => '__hypomosBench' in window, null, { timeout: 15_000 })
      .then(
        () => true,
        () => false,
      );
    if (!hasHook)
      throw new Error(
        'The extension was not built with HYPOMOS_DEMO=1 (npm test builds it so); the bench hook is missing',
      );
    const opts = await seedOptions(thumbs.thumbs, Date.now());
    await installIdbHelpers(page);
    const seeded = await seedThroughPage(page, opts, TOTAL);
    if (seeded !== TOTAL) throw new Error(`seeded ${seeded} items, expected ${TOTAL}`);
    await page.reload();
    await page.waitForFunction(() => '__hypomosBench' in window);

    const filters = filterFigures(await filterSamples(page));
    const paints = await firstPaint(() => browser.openPage('dashboard.html#/timeline'));

    const scrollPage = await browser.openPage('dashboard.html#/timeline');
    await scrollPage.waitForFunction(() => document.querySelectorAll('[data-testid="progress"]').length === 0, null, {
      timeout: 120_000,
    });
    const cdp = await browser.context.newCDPSession(scrollPage);
    const { intervals, source } = await scrollFrames(scrollPage, cdp);
    const medianInterval = quantile(intervals, 0.5);
    const p95Interval = quantile(intervals, 0.95);
    await browser.close();
    const chromium = {
      filterP95: filters.find((f) => f.name === 'library.filter_p95_ms_100k')!.value!,
      firstPaint: quantile(paints.tiles, 0.5),
    };
    const firefox = await firefoxFigures(opts, chromium);
    // Firefox's two figures are listed right after their Chromium counterparts.
    return [
      ...filters.slice(0, 1),
      firefox[0]!,
      ...filters.slice(1),
      figure(
        'library.timeline_first_paint_ms_100k',
        quantile(paints.tiles, 0.5),
        'ms',
        quantile(paints.shell, 0.5),
        '≤ 1000 ms',
        `median of ${paints.tiles.length} loads (${paints.tiles.map((p) => p.toFixed(0)).join(', ')} ms), navigation start → first tiles painted; baseline = first contentful paint of the same page (app shell, no data)`,
      ),
      firefox[1]!,
      figure(
        'library.scroll_fps_median_100k',
        1000 / medianInterval,
        'fps',
        null,
        '≥ 50 fps',
        `from ${source}; median frame ${medianInterval.toFixed(1)} ms, p95 ${p95Interval.toFixed(1)} ms`,
      ),
      figure('library.scroll_frame_p95_ms_100k', p95Interval, 'ms', null, null, source),
    ];
  } finally {
    await browser.close();
    await thumbs.close();
  }
}
