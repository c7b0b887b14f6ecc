import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../extension/.output/firefox-mv2');

export interface FirefoxSession {
  browser: Browser;
  extensionId: string;
  close: () => Promise<void>;
}

/**
 * Debian's firefox-esr over WebDriver BiDi (geckodriver is not available here).
 * `httpsProxyPort` sends all HTTPS traffic through a local CONNECT proxy (see connect-proxy.ts),
 * so content scripts run on the real host names.
 */
export async function launchFirefox(opts: { httpsProxyPort?: number } = {}): Promise<FirefoxSession> {
  const profile = await mkdtemp(join(tmpdir(), 'hypomos-firefox-'));
  const proxy = opts.httpsProxyPort
    ? {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': opts.httpsProxyPort,
        'network.proxy.allow_hijacking_localhost': false,
      }
    : { 'network.proxy.type': 0 };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      ...proxy,
      'xpinstall.signatures.required': false,
      'extensions.experiments.enabled': true,
      'datareporting.policy.dataSubmissionEnabled': false,
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const extensionId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  return {
    browser,
    extensionId,
    close: async () => {
      await browser.close().catch(() => {});
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}
