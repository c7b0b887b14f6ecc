import { type Browser, chromium, type Page } from 'playwright-core';
import { BASE_FLAGS, CHROMIUM } from '../../../e2e/harness/chromium';
import { type BenchServer, startFaceBenchServer } from './server';

/** Debian Chromium on the face bench page: `call` runs one operation in the MediaPipe or the Human worker. */
export interface FaceBenchSession {
  server: BenchServer;
  page: Page;
  call<T>(kind: 'mediapipe' | 'human' | `${'mediapipe' | 'human'}#${number}`, op: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

declare global {
  interface Window {
    faceBench?: { call(kind: string, op: string, args: unknown): Promise<unknown>; violations(): string[] };
  }
}

export async function openFaceBench(corpora: string): Promise<FaceBenchSession> {
  const server = await startFaceBenchServer(corpora);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BASE_FLAGS, headless: true });
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    const open = browser;
    return {
      server,
      page,
      call: <T>(kind: string, op: string, args?: unknown) =>
        page.evaluate(([k, o, a]) => (window.faceBench as NonNullable<typeof window.faceBench>).call(k, o, a), [
          kind,
          op,
          args,
        ] as const) as Promise<T>,
      close: async () => {
        await open.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}
