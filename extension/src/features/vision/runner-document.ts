import { browser } from 'wxt/browser';

/**
 * Where the background runs the vision pipeline, since it cannot (Chrome's service worker) or should not (Firefox's
 * background page, which lives as long as the browser) hold the models itself: a hidden document loading
 * `vision-runner.html` (entrypoints/vision-runner), which drains the queue with the same pool and runner as a page.
 */
export interface RunnerDocument {
  /** Opens the document if it is not open. */
  open(): Promise<void>;
  /** Closes it if open (its workers and models go with it). */
  close(): Promise<void>;
  isOpen(): Promise<boolean>;
}

export const RUNNER_PATH = '/vision-runner.html';

// The repo's typecheck does not load WXT's generated public-path types, so getURL is reached as in urls.ts.
const extensionUrl = (path: string) => (browser.runtime as unknown as { getURL(p: string): string }).getURL(path);

/** Chrome MV3: an offscreen document with reason WORKERS (one per extension; it outlives service worker restarts). */
export function offscreenRunnerDocument(): RunnerDocument {
  const url = extensionUrl(RUNNER_PATH);
  const isOpen = async () =>
    (await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })).length > 0;
  return {
    isOpen,
    async open() {
      if (await isOpen()) return;
      try {
        await browser.offscreen.createDocument({
          url: RUNNER_PATH,
          reasons: ['WORKERS'],
          justification: 'Analyses the photos the user chose (faces, objects, text) in web workers, on this device.',
        });
      } catch (e) {
        // Another worker instance (after a restart) may have opened it between the check and here.
        if (!(await isOpen())) throw e;
      }
    },
    async close() {
      if (await isOpen()) await browser.offscreen.closeDocument();
    },
  };
}

/** Firefox MV2: the background is a page, so a hidden frame in it is the runner document. */
export function frameRunnerDocument(parent: Document): RunnerDocument {
  let frame: HTMLIFrameElement | null = null;
  return {
    isOpen: async () => frame !== null,
    async open() {
      if (frame) return;
      frame = parent.createElement('iframe');
      frame.src = extensionUrl(RUNNER_PATH);
      frame.hidden = true;
      // A generated background page may run its scripts before <body> exists.
      (parent.body ?? parent.documentElement).append(frame);
    },
    async close() {
      frame?.remove();
      frame = null;
    },
  };
}

/** The right runner document for this browser, or null where neither exists. */
export function runnerDocumentForThisBrowser(): RunnerDocument | null {
  // Feature test, not a browser name: Chrome MV3 has offscreen documents, Firefox MV2 has a background page.
  if (typeof browser.offscreen?.createDocument === 'function') return offscreenRunnerDocument();
  if (typeof document !== 'undefined') return frameRunnerDocument(document);
  return null;
}
