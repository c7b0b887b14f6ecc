import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DelegatedLink } from '../../shared/src/providers/provider';
import { createProvider } from '../../extension/src/features/sources/providers/index';
import { launchChromium } from '../harness/chromium';
import { launchFirefox } from '../harness/firefox';
import type { LiveSource } from './sources';

export type BrowserName = 'chromium' | 'firefox';

/** One URL of one link, as one browser loaded it from a page on another site. `null`: not tried for this media. */
export interface CheckRow {
  provider: string;
  media: 'image' | 'video';
  /** Which parts of the delivery descriptor use this URL: grid, full, download, relay source. */
  forms: string;
  browser: BrowserName;
  img: string | null;
  video: string | null;
  fetch: string;
  url: string;
}

/**
 * Runs in the page (its source is sent to the browser, so it names nothing outside itself): loads the URL as <img>
 * (images), <video> (videos) and fetch(), each bounded in time, and says what happened. fetch() skips the HTTP cache:
 * the <img> answer was fetched without an Origin header, and azurite sends no `Vary: Origin` then, so a cached copy
 * without Access-Control-Allow-Origin would fail the fetch() for a reason that is not the link's.
 */
const PROBE = new Function(
  'arg',
  `return (async () => {
  const bounded = (p, ms) => Promise.race([p, new Promise((r) => setTimeout(() => r('no (timeout)'), ms))]);
  const out = { img: null, video: null, fetch: '' };
  if (arg.media === 'image')
    out.img = await bounded(new Promise((resolve) => {
      const img = new Image();
      img.referrerPolicy = arg.referrer;
      img.onload = () => resolve(img.naturalWidth > 0 ? 'yes' : 'no (empty)');
      img.onerror = () => resolve('no (error)');
      img.src = arg.url;
    }), 20000);
  if (arg.media === 'video')
    out.video = await bounded(new Promise((resolve) => {
      const v = document.createElement('video');
      v.muted = true;
      v.preload = 'metadata';
      v.onloadedmetadata = () => { resolve(v.duration > 0 ? 'yes' : 'no (no duration)'); v.remove(); };
      v.onerror = () => { resolve('no (media error ' + (v.error ? v.error.code : '?') + ')'); v.remove(); };
      v.src = arg.url;
      document.body.append(v);
    }), 20000);
  out.fetch = await bounded((async () => {
    try {
      const r = await fetch(arg.url, { credentials: 'omit', referrerPolicy: arg.referrer, cache: 'no-store' });
      const n = (await r.arrayBuffer()).byteLength;
      return r.ok ? 'yes (' + r.status + ', ' + n + ' B)' : 'no (' + r.status + ')';
    } catch (e) {
      return 'no (blocked: CORS or network)';
    }
  })(), 30000);
  return out;
})()`,
) as (arg: { url: string; media: string; referrer: string }) => Promise<Pick<CheckRow, 'img' | 'video' | 'fetch'>>;

/** The distinct URLs of a link's descriptor, each with the forms that use it. */
export function urlsOf(link: DelegatedLink): { url: string; forms: string; referrer: string }[] {
  const d = link.delivery;
  const named: [string, string | null][] = d
    ? [
        ...d.grid.map((u) => ['grid', u] as [string, string]),
        ['full', d.full],
        ['download', d.download],
        ['relay source', d.relaySource],
      ]
    : [['original', link.url]];
  const byUrl = new Map<string, string[]>();
  for (const [form, url] of named) if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), form]);
  return [...byUrl].map(([url, forms]) => ({ url, forms: forms.join('+'), referrer: d?.referrer ?? 'no-referrer' }));
}

interface Target {
  provider: string;
  media: 'image' | 'video';
  /** How the page loads it: a grid-only URL is a still even for a video. */
  as: 'image' | 'video';
  url: string;
  forms: string;
  referrer: string;
}

/**
 * Makes one link per item of every source with the extension's own providers (as the publisher does, for a portal at
 * the check page's origin), loads every URL of each link's descriptor in each browser from a page on another site
 * than the storage hosts (`localhost`, where the contract servers are on 127.0.0.1), and revokes the links after.
 */
export async function checkLive(opts: {
  sources: LiveSource[];
  browsers: BrowserName[];
  /**
   * Makes links for a portal at the check page's origin, so a Blob source with its key adds a CORS rule for it and
   * offers a download form. Only for the contract servers: a real account's CORS rules are never changed.
   */
  portalIsCheckPage: boolean;
  log?: (line: string) => void;
}): Promise<CheckRow[]> {
  const log = opts.log ?? (() => {});
  const page = createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>Hypomos live check</title><p>Loading links from another site.</p>');
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  const origin = `http://localhost:${(page.address() as AddressInfo).port}`;
  log(`check page: ${origin} (a real Blob account passes fetch() only with a CORS rule for this origin)`);
  const made: { revoke: () => Promise<void> }[] = [];
  const targets: Target[] = [];
  try {
    for (const s of opts.sources) {
      const provider = await createProvider(s.source, { fetch, ...s.deps });
      for (const item of s.items) {
        const ref = { id: item.id, path: item.path, media: item.media };
        try {
          const context = opts.portalIsCheckPage ? { portalOrigin: origin } : {};
          const link = await provider.createLink(ref, new Date(Date.now() + 3600_000), context);
          made.push({ revoke: () => provider.revokeLink(ref, link) });
          // A URL used only for the grid is a still (a video's thumbnail too): it is loaded as an image.
          for (const u of urlsOf(link))
            targets.push({ provider: s.label, media: item.media, as: u.forms === 'grid' ? 'image' : item.media, ...u });
          if (link.notice) log(`${s.label} ${item.media}: ${link.notice}`);
        } catch (e) {
          log(`${s.label} ${item.media}: no link (${e instanceof Error ? e.message : String(e)})`);
        }
      }
    }
    const rows: CheckRow[] = [];
    for (const browser of opts.browsers) rows.push(...(await inBrowser(browser, origin, targets)));
    return rows;
  } finally {
    for (const m of made) await m.revoke().catch((e: unknown) => log(`could not revoke a link: ${String(e)}`));
    await new Promise((r) => page.close(r));
  }
}

async function inBrowser(browser: BrowserName, origin: string, targets: Target[]): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const record = (t: Target, r: Pick<CheckRow, 'img' | 'video' | 'fetch'>) =>
    rows.push({ provider: t.provider, media: t.media, forms: t.forms, browser, ...r, url: t.url });
  if (browser === 'chromium') {
    const b = await launchChromium({ extension: false });
    try {
      const tab = await b.context.newPage();
      await tab.goto(origin);
      for (const t of targets) record(t, await tab.evaluate(PROBE, { url: t.url, media: t.as, referrer: t.referrer }));
    } finally {
      await b.close();
    }
  } else {
    const f = await launchFirefox({ extension: false });
    try {
      const tab = await f.openPage(origin);
      for (const t of targets) record(t, await tab.evaluate(PROBE, { url: t.url, media: t.as, referrer: t.referrer }));
    } finally {
      await f.close();
    }
  }
  return rows;
}

/** The rows as an aligned text table (URLs left out: they hold tokens). */
export function formatTable(rows: CheckRow[]): string {
  const head = ['provider', 'item', 'form', 'browser', '<img>', '<video>', 'fetch()'];
  const body = rows.map((r) => [r.provider, r.media, r.forms, r.browser, r.img ?? '–', r.video ?? '–', r.fetch]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
