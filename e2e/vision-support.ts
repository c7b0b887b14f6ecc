import { createReadStream } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { freePort } from '../dev-services/src/ports';
import type { CheckImage, VisionCheckResult } from '../extension/src/features/vision/check';
import type { Page } from 'playwright-core';
import { CHROME_EXTENSION_DIR, type ExtensionBrowser, launchChromium } from './harness/chromium';

/** Helpers for the vision e2e tests and bench: serve corpus files on loopback, run the extension's self-check page. */

export const corpora = resolve(import.meta.dirname, '../../shared/corpora');

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** A static file server over one folder on 127.0.0.1 (the extension's dev build may fetch loopback). */
export async function serveFolder(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(root, path);
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file');
      // Serve bytes under a neutral type: the pipeline must sniff content, not trust names (imagededup has wrong ones).
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export function mimeOf(path: string): string | undefined {
  return TYPES[extname(path).toLowerCase()];
}

export async function readTsv(path: string): Promise<Record<string, string>[]> {
  const [head, ...rows] = (await readFile(path, 'utf8')).trim().split('\n');
  const cols = (head ?? '').split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i] as string, v])));
}

declare global {
  interface Window {
    hypomosVisionCheck?: (images: CheckImage[], opts?: { workers?: number }) => Promise<VisionCheckResult>;
  }
}

export interface VisionSession {
  browser: ExtensionBrowser;
  page: Page;
  check: (images: CheckImage[], opts?: { workers?: number }) => Promise<VisionCheckResult>;
  close: () => Promise<void>;
}

/**
 * Launches Chromium with a snapshot of the built extension (other builds may rewrite .output while a long vision run
 * is going) and opens its vision self-check page.
 */
export async function openVisionCheck(): Promise<VisionSession> {
  for (const needed of ['vision-check.html', 'vision/human/faceres.bin', 'vision/tesseract/lang/eng.traineddata.gz']) {
    if (!(await stat(join(CHROME_EXTENSION_DIR, needed)).catch(() => null))) {
      throw new Error(
        `${needed} missing from ${CHROME_EXTENSION_DIR}: build the extension first (HYPOMOS_DEMO=1 wxt build)`,
      );
    }
  }
  const snapshot = await mkdtemp(join(tmpdir(), 'hypomos-ext-'));
  await cp(CHROME_EXTENSION_DIR, snapshot, { recursive: true });
  const browser = await launchChromium({ extensionDir: snapshot });
  const page = await browser.openPage('vision-check.html');
  await page.waitForFunction(() => typeof window.hypomosVisionCheck === 'function');
  return {
    browser,
    page,
    check: (images, opts) =>
      page.evaluate(
        ([imgs, o]) => (window.hypomosVisionCheck as NonNullable<typeof window.hypomosVisionCheck>)(imgs, o),
        [images, opts] as const,
      ),
    close: async () => {
      await browser.close();
      await rm(snapshot, { recursive: true, force: true });
    },
  };
}
