import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built extension; HYPOMOS_EXTENSION_DIR points a run at a private copy (others may be rebuilding .output). */
export const CHROME_EXTENSION_DIR = process.env.HYPOMOS_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../extension/.output/chrome-mv3');

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
    args.push(`--disable-extensions-except=${CHROME_EXTENSION_DIR}`, `--load-extension=${CHROME_EXTENSION_DIR}`);
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
    return { context, extensionId: '', serviceWorker: () => Promise.reject(new Error('no extension')), openPage: () => Promise.reject(new Error('no extension')), close };
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

/** Stops the extension's service worker the way Chrome does when it idles (MV3), through DevTools. */
export async function killServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId));
  if (target) await cdp.send('Target.closeTarget', { targetId: target.targetId });
  await cdp.detach();
}
