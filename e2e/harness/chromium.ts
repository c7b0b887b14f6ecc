import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built extension; HYPOMOS_EXTENSION_DIR points a run at a private copy (others may be rebuilding .output). */
export const CHROME_EXTENSION_DIR =
  process.env.HYPOMOS_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../extension/.output/chrome-mv3');

/** Flags this machine needs: no sandbox as root, and no background traffic to hosts we cannot reach. */
export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Host name → loopback port, e.g. { 'drive.google.com': 8443 }: content scripts then run on the real host names. */
  hostMap?: Record<string, number>;
  extension?: boolean;
  /** A copy of the built extension to load instead of CHROME_EXTENSION_DIR (a snapshot a concurrent build cannot change). */
  extensionDir?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: () => Promise<Worker>;
  /** Opens an extension page, e.g. `dashboard.html#/timeline`. */
  openPage: (path: string) => Promise<Page>;
  close: () => Promise<void>;
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'hypomos-chromium-'));
  const args = [...BASE_FLAGS];
  if (opts.extension !== false) {
    const dir = opts.extensionDir ?? CHROME_EXTENSION_DIR;
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  if (opts.hostMap && Object.keys(opts.hostMap).length > 0) {
    const rules = Object.entries(opts.hostMap).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`);
    args.push(`--host-resolver-rules=${rules.join(', ')}`, '--ignore-certificate-errors');
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
  });
  const close = async () => {
    await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  if (opts.extension === false) {
    return {
      context,
      extensionId: '',
      serviceWorker: () => Promise.reject(new Error('no extension')),
      openPage: () => Promise.reject(new Error('no extension')),
      close,
    };
  }
  const serviceWorker = async () => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const sw = await serviceWorker();
  const extensionId = new URL(sw.url()).host;
  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };
  return { context, extensionId, serviceWorker, openPage, close };
}

/**
 * Stops the extension's service worker the way Chrome does when it idles (MV3), through DevTools'
 * ServiceWorker.stopWorker (what the DevTools "Stop" button does; closing the worker's target does not
 * stop it). Resolves once Chrome reports it stopped; the next event or message starts a fresh worker.
 */
export async function killServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const origin = `chrome-extension://${browser.extensionId}`;
  const own = browser.context.pages().find((p) => p.url().startsWith(origin));
  const page = own ?? (await browser.openPage('manifest.json'));
  const cdp = await browser.context.newCDPSession(page);
  type Version = { versionId: string; runningStatus: string; scriptURL: string };
  const latest = new Map<string, Version>();
  let changed: () => void = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(origin)) latest.set(v.versionId, v);
    changed();
  });
  const settled = (pred: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('service worker did not stop')), 10_000);
      changed = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve();
        }
      };
      changed();
    });
  await cdp.send('ServiceWorker.enable');
  await settled(() => latest.size > 0);
  const running = [...latest.values()].filter((v) => v.runningStatus === 'running' || v.runningStatus === 'starting');
  for (const v of running) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
  await settled(() => running.every((v) => latest.get(v.versionId)?.runningStatus === 'stopped'));
  await cdp.send('ServiceWorker.disable');
  await cdp.detach();
  if (!own) await page.close();
}
