import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MarionetteClient } from './marionette';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR =
  process.env.HYPOMOS_FIREFOX_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../extension/.output/firefox-mv2');
export const ADDON_ID = 'hypomos@hypomos.app';

/** Marionette's name for a web element in a script result or argument (WebDriver's element identifier). */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = { [ELEMENT]: string };

/** A function run inside a page: its source is sent, so it may not use names from the test file. */
// biome-ignore lint/suspicious/noExplicitAny: arguments come back from JSON.
type PageFunction<A extends any[], R> = (...args: A) => R | Promise<R>;

export interface FirefoxSession {
  /** The extension's origin, `moz-extension://<uuid>` (the uuid is fixed through a preference, see README). */
  origin: string;
  /** Opens an extension page in a new tab, e.g. `dashboard.html#/timeline`. */
  openExtensionPage: (path: string) => Promise<FirefoxTab>;
  /** Opens a web page (http/https) in a new tab. */
  openPage: (url: string) => Promise<FirefoxTab>;
  /** URLs of the open tabs (the extension's own pages included). */
  tabUrls: () => Promise<string[]>;
  /**
   * Waits for a tab or window the browser opened itself (not through this session), e.g. the sign-in window of
   * `identity.launchWebAuthFlow`, whose address starts with `prefix`.
   */
  waitForOpenedTab: (prefix: string, timeoutMs?: number) => Promise<FirefoxTab>;
  /** Runs `fn` with Firefox's chrome privileges (the browser's own code, not a page); only for what no page can do. */
  privileged: <A extends unknown[], R>(fn: PageFunction<A, R>, ...args: A) => Promise<R>;
  /**
   * What the user picks in the browser's next file dialog: `path` (a folder for `<input webkitdirectory>`). The
   * dialog is the one native part replaced (see README); Firefox then reads the folder as for any pick.
   */
  answerFileDialog: (path: string) => Promise<void>;
  /** Reloads the add-on as an update or a browser restart would: a new background page; its pages close. */
  restartExtension: () => Promise<void>;
  close: () => Promise<void>;
}

/** One tab, driven through Marionette. Each call switches to the tab first (Marionette has one current tab). */
export class FirefoxTab {
  constructor(
    private readonly session: SessionCore,
    readonly handle: string,
  ) {}

  /** Runs `fn(...args)` in the page (its own realm: the extension's pages see `browser`); promises are awaited. */
  evaluate<A extends unknown[], R>(fn: PageFunction<A, R>, ...args: A): Promise<R> {
    return this.session.inTab(this.handle, async (m) => {
      const { value } = await m.send<{ value: R }>('WebDriver:ExecuteScript', {
        script: callScript(fn),
        args,
      });
      return value;
    });
  }

  url(): Promise<string> {
    return this.evaluate(() => location.href);
  }

  /** Another address in the same tab: a web page through WebDriver's navigation, an extension page by `location`. */
  async goto(url: string): Promise<void> {
    if (url.startsWith('moz-extension:')) {
      await this.evaluate((u: string) => {
        location.href = u;
      }, url);
    } else {
      await this.session.inTab(this.handle, (m) => m.send('WebDriver:Navigate', { url }));
    }
    await this.waitForLoad(url);
  }

  /** Same document, another dashboard route (`#/search`). */
  async route(hash: string): Promise<void> {
    await this.evaluate((h: string) => {
      location.hash = h;
    }, hash);
  }

  async reload(): Promise<void> {
    const url = await this.url();
    await this.evaluate(() => location.reload());
    await new Promise((r) => setTimeout(r, 300));
    await this.waitForLoad(url);
  }

  async waitForLoad(url?: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.evaluate(() => ({ href: location.href, ready: document.readyState })).catch(() => null);
      if (state && state.ready === 'complete' && state.href !== 'about:blank' && (!url || state.href === url)) return;
      if (Date.now() > deadline) throw new Error(`page did not load ${url ?? ''}: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /**
   * The element for `selector`, optionally the one whose text or aria-label is `name`. `a >>> b` looks for `b` inside
   * the open shadow root of `a` (the content scripts' toolbar). Throws when there is none.
   */
  private async element(selector: string, name?: string): Promise<ElementRef> {
    const found = await this.evaluate(findElement, selector, name ?? null);
    if (!found) throw new Error(`no element ${selector}${name ? ` named "${name}"` : ''}`);
    return found as unknown as ElementRef;
  }

  /** Waits for the element, then clicks it the way a user does (WebDriver's Element Click: scroll, hit test, events). */
  async click(selector: string, name?: string, timeoutMs = 30_000): Promise<void> {
    const ref = await this.waitFor(selector, name, timeoutMs);
    await this.session.inTab(this.handle, (m) => m.send('WebDriver:ElementClick', { id: ref[ELEMENT] }));
  }

  /** Replaces an input's text with `text`, typed key by key (WebDriver's Element Send Keys). */
  async fill(selector: string, text: string, timeoutMs = 30_000): Promise<void> {
    const ref = await this.waitFor(selector, undefined, timeoutMs);
    await this.session.inTab(this.handle, async (m) => {
      await m.send('WebDriver:ElementClear', { id: ref[ELEMENT] });
      await m.send('WebDriver:ElementSendKeys', { id: ref[ELEMENT], text });
    });
  }

  async waitFor(selector: string, name?: string, timeoutMs = 30_000): Promise<ElementRef> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.element(selector, name);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** textContent of the first match (shadow roots pierced with `>>>`), or null. */
  text(selector: string, name?: string): Promise<string | null> {
    return this.script<string | null>(
      `const el = (${findElement})(arguments[0], arguments[1]); return el ? el.textContent : null;`,
      [selector, name ?? null],
    );
  }

  /** An attribute (or a DOM property such as `checked` when `property` is set) of the first match, or null. */
  attribute(selector: string, attribute: string, property = false): Promise<string | boolean | null> {
    return this.script(
      `const el = (${findElement})(arguments[0], null); if (!el) return null; return arguments[2] ? el[arguments[1]] : el.getAttribute(arguments[1]);`,
      [selector, attribute, property],
    );
  }

  /** Runs a script body (WebDriver's Execute Script: `arguments`, `return`), e.g. one assembled from a function's source. */
  script<R>(script: string, args: unknown[]): Promise<R> {
    return this.session.inTab(this.handle, async (m) => {
      const { value } = await m.send<{ value: R }>('WebDriver:ExecuteScript', { script, args });
      return value;
    });
  }

  /**
   * Clicks, then accepts the browser's own prompt that the click opens (e.g. Firefox's "upload all files from …?")
   * as a user clicking its accept button would; returns the prompt's text. Firefox keeps that button disabled for
   * `security.dialog_enable_delay` after the prompt shows (against click-jacking), so the accept waits that long. The
   * prompt is only looked at through WebDriver's alert commands: any other command would dismiss it.
   */
  async clickAndAcceptPrompt(selector: string, name?: string, timeoutMs = 30_000): Promise<string> {
    const delayMs = await this.session.privileged(
      () => (globalThis as unknown as ChromeGlobal).Services.prefs.getIntPref('security.dialog_enable_delay'),
      [],
    );
    await this.click(selector, name, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.session
        .inTab(this.handle, (m) => m.send<{ value: string }>('WebDriver:GetAlertText'))
        .then((r) => r.value)
        .catch(() => null);
      if (text !== null) {
        await new Promise((r) => setTimeout(r, delayMs + 1000));
        await this.session.inTab(this.handle, (m) => m.send('WebDriver:AcceptAlert'));
        return text;
      }
      if (Date.now() > deadline) throw new Error(`no prompt opened after clicking ${selector}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  count(selector: string): Promise<number> {
    return this.evaluate((s: string) => document.querySelectorAll(s).length, selector);
  }

  async close(): Promise<void> {
    await this.session.inTab(this.handle, (m) => m.send('WebDriver:CloseWindow'));
  }
}

/**
 * The script that calls `fn` with the command's arguments. esbuild's keepNames (tsx, vitest) wraps named inner
 * functions in `__name(...)`, which only exists in Node: the script defines it.
 */
function callScript(fn: { toString(): string }): string {
  return `var __name = (f) => f; return (${fn.toString()}).apply(null, arguments);`;
}

/** Runs in the page: see FirefoxTab.element. Self-contained, its source is sent to the page. */
function findElement(selector: string, name: string | null): Element | null {
  const parts = selector.split('>>>').map((s) => s.trim());
  let roots: (Document | ShadowRoot)[] = [document];
  let matches: Element[] = [];
  parts.forEach((part, i) => {
    matches = roots.flatMap((r) => Array.from(r.querySelectorAll(part)));
    if (i < parts.length - 1) roots = matches.map((e) => e.shadowRoot).filter((r): r is ShadowRoot => !!r);
  });
  if (name === null) return matches[0] ?? null;
  return matches.find((e) => e.getAttribute('aria-label') === name || (e.textContent ?? '').trim() === name) ?? null;
}

/**
 * Runs in the chrome context: registers a file dialog (`@mozilla.org/filepicker;1`, what Firefox's content asks the
 * parent process for) that answers once with `path` and cancels after, the way Mozilla's own tests replace the native
 * dialog (MockFilePicker). It replaces the previous one this function registered.
 */
function registerFileDialog(path: string): void {
  const g = globalThis as unknown as ChromeGlobal;
  const Ci = g.Components.interfaces;
  const registrar = g.Components.manager.QueryInterface(Ci.nsIComponentRegistrar);
  const contract = '@mozilla.org/filepicker;1';
  const current = registrar.contractIDToCID(contract);
  const previous = g.Components.manager.getClassObject(current, Ci.nsIFactory);
  if (previous.wrappedJSObject?.hypomosAnswer) registrar.unregisterFactory(current, previous);
  const { FileUtils } = g.ChromeUtils.importESModule('resource://gre/modules/FileUtils.sys.mjs');
  let answer: string | null = path;
  const picked = () => (answer === null ? null : new FileUtils.File(answer));
  const dialog = {
    QueryInterface: g.ChromeUtils.generateQI(['nsIFilePicker']),
    init() {},
    appendFilter() {},
    appendFilters() {},
    appendRawFilter() {},
    isModeSupported: () => true,
    defaultString: '',
    defaultExtension: '',
    filterIndex: 0,
    displayDirectory: null,
    displaySpecialDirectory: '',
    addToRecentDocs: false,
    okButtonLabel: '',
    file: null as unknown,
    get fileURL() {
      return this.file ? g.Services.io.newFileURI(this.file) : null;
    },
    get files() {
      return (this.file ? [this.file] : [])[Symbol.iterator]();
    },
    domFileOrDirectory: null,
    get domFileOrDirectoryEnumerator() {
      return [][Symbol.iterator]();
    },
    open(done: { done(result: number): void }) {
      this.file = picked();
      answer = null;
      g.Services.tm.dispatchToMainThread(() =>
        done.done(this.file ? Ci.nsIFilePicker.returnOK : Ci.nsIFilePicker.returnCancel),
      );
    },
    close() {},
  };
  const factory = {
    hypomosAnswer: true,
    get wrappedJSObject() {
      return this;
    },
    createInstance: (iid: unknown) => Object.create(dialog).QueryInterface(iid),
    QueryInterface: g.ChromeUtils.generateQI(['nsIFactory']),
  };
  registrar.registerFactory(g.Services.uuid.generateUUID(), '', contract, factory);
}

/** What tabs share: the one Marionette connection, used by one tab at a time. */
class SessionCore {
  private lock: Promise<unknown> = Promise.resolve();
  constructor(readonly m: MarionetteClient) {}

  /** Runs `fn` with `handle` as Marionette's current tab, no other tab's command in between. */
  inTab<R>(handle: string, fn: (m: MarionetteClient) => Promise<R>): Promise<R> {
    return this.exclusive(async () => {
      await this.m.send('WebDriver:SwitchToWindow', { handle, focus: false });
      return fn(this.m);
    });
  }

  /** Runs `fn` in the chrome context (privileged), then returns Marionette to content. */
  privileged<A extends unknown[], R>(fn: PageFunction<A, R>, args: A): Promise<R> {
    return this.exclusive(async () => {
      await this.m.send('Marionette:SetContext', { value: 'chrome' });
      try {
        const { value } = await this.m.send<{ value: R }>('WebDriver:ExecuteScript', {
          script: callScript(fn),
          args,
        });
        return value;
      } finally {
        await this.m.send('Marionette:SetContext', { value: 'content' });
      }
    });
  }

  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Debian's firefox-esr with the built extension installed as a temporary add-on, driven over Marionette.
 * `httpsProxyPort` sends all HTTPS traffic through a local CONNECT proxy (see connect-proxy.ts), so content scripts
 * run on the real host names. Why Marionette and not WebDriver BiDi: harness/README.md.
 */
export async function launchFirefox(
  opts: {
    httpsProxyPort?: number;
    extensionDir?: string;
    extension?: boolean;
    /** More Firefox preferences, e.g. a short event-page idle timeout. */
    prefs?: Record<string, string | number | boolean>;
  } = {},
): Promise<FirefoxSession> {
  const profile = await mkdtemp(join(tmpdir(), 'hypomos-firefox-'));
  const uuid = randomUUID();
  const port = await freePort();
  const proxy: Record<string, string | number | boolean> = opts.httpsProxyPort
    ? {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': opts.httpsProxyPort,
        'network.proxy.allow_hijacking_localhost': false,
      }
    : { 'network.proxy.type': 0 };
  const prefs: Record<string, string | number | boolean> = {
    ...proxy,
    'marionette.port': port,
    // The extension's internal uuid, so the test knows its pages' origin (Firefox picks a random one otherwise).
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
    'xpinstall.signatures.required': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.enabled': false,
    'app.update.auto': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'browser.startup.page': 0,
    'browser.newtabpage.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'dom.disable_beforeunload': true,
    ...opts.prefs,
  };
  await writeFile(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n'),
  );
  // --remote-allow-system-access: Marionette's chrome context, which opens the extension's pages (README).
  const child: ChildProcess = spawn(
    FIREFOX,
    ['--marionette', '--remote-allow-system-access', '--headless', '--no-remote', '--profile', profile, 'about:blank'],
    { detached: true, stdio: 'ignore', env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS: '1' } },
  );
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  let m: MarionetteClient;
  try {
    m = await MarionetteClient.connect(port, 90_000);
    await m.send('WebDriver:NewSession', {
      capabilities: { alwaysMatch: { acceptInsecureCerts: true } },
      acceptInsecureCerts: true,
    });
    await m.send('WebDriver:SetTimeouts', { script: 300_000, pageLoad: 120_000, implicit: 0 });
    if (opts.extension !== false)
      await m.send('Addon:Install', { path: opts.extensionDir ?? FIREFOX_EXTENSION_DIR, temporary: true });
  } catch (e) {
    kill();
    await rm(profile, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  const core = new SessionCore(m);
  const origin = `moz-extension://${uuid}`;

  const openTab = async (url: string) => {
    const handle = await core.privileged(
      (u: string) => {
        const g = globalThis as unknown as ChromeGlobal;
        const win = g.Services.wm.getMostRecentWindow('navigator:browser');
        const tab = win.gBrowser.addTab(u, {
          triggeringPrincipal: g.Services.scriptSecurityManager.getSystemPrincipal(),
        });
        win.gBrowser.selectedTab = tab;
        const { NavigableManager } = g.ChromeUtils.importESModule(
          'chrome://remote/content/shared/NavigableManager.sys.mjs',
        );
        return NavigableManager.getIdForBrowser(tab.linkedBrowser) as string;
      },
      [url],
    );
    const tab = new FirefoxTab(core, handle);
    await tab.waitForLoad();
    return tab;
  };

  return {
    origin,
    openExtensionPage: (path) => openTab(`${origin}/${path}`),
    openPage: (url) => openTab(url),
    tabUrls: () =>
      core.privileged(() => {
        const g = globalThis as unknown as ChromeGlobal;
        const win = g.Services.wm.getMostRecentWindow('navigator:browser');
        return win.gBrowser.tabs.map((t) => t.linkedBrowser.currentURI.spec);
      }, []),
    waitForOpenedTab: async (prefix, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const handle of await core.m.send<string[]>('WebDriver:GetWindowHandles')) {
          const url = await core
            .inTab(handle, (c) => c.send<{ value: string }>('WebDriver:GetCurrentURL'))
            .then((r) => r.value)
            .catch(() => '');
          if (url.startsWith(prefix)) return new FirefoxTab(core, handle);
        }
        if (Date.now() > deadline) throw new Error(`no tab opened at ${prefix}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    privileged: (fn, ...args) => core.privileged(fn, args),
    answerFileDialog: (path) => core.privileged(registerFileDialog, [path]),
    restartExtension: async () => {
      await core.privileged(
        async (id: string) => {
          const g = globalThis as unknown as ChromeGlobal;
          const { AddonManager } = g.ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
          const addon = await AddonManager.getAddonByID(id);
          await addon.reload();
        },
        [ADDON_ID],
      );
    },
    close: async () => {
      await m.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {});
      m.close();
      await new Promise((r) => setTimeout(r, 500));
      kill();
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** The few chrome-privileged globals the scripts above use (Firefox's own code has no TypeScript types here). */
interface ChromeGlobal {
  // biome-ignore lint/suspicious/noExplicitAny: XPCOM is untyped here.
  Components: any;
  Services: {
    // biome-ignore lint/suspicious/noExplicitAny: XPCOM is untyped here.
    io: any;
    // biome-ignore lint/suspicious/noExplicitAny: XPCOM is untyped here.
    tm: any;
    // biome-ignore lint/suspicious/noExplicitAny: XPCOM is untyped here.
    uuid: any;
    wm: {
      getMostRecentWindow(type: string): {
        gBrowser: {
          addTab(url: string, opts: { triggeringPrincipal: unknown }): { linkedBrowser: unknown };
          selectedTab: unknown;
          tabs: { linkedBrowser: { currentURI: { spec: string } } }[];
        };
      };
    };
    scriptSecurityManager: { getSystemPrincipal(): unknown };
    prefs: { getIntPref(name: string): number };
  };
  ChromeUtils: {
    // biome-ignore lint/suspicious/noExplicitAny: Firefox's modules are untyped here.
    importESModule(url: string): any;
    generateQI(interfaces: string[]): unknown;
  };
}
