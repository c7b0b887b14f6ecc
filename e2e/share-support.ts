import { access } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import type { Page, Response } from 'playwright-core';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type GraphServer, startGraphServer } from '../dev-services/src/graph/server';
import type { SeedFile } from '../dev-services/src/contract/media-store';
import { type PortalDev, startPortalDev } from '../dev-services/src/portal-dev';
import { REPO_ROOT } from '../dev-services/src/wrangler-dev';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { type Evaluator, ExtensionClient } from './sources-support';

// Sharing end to end: the built extension (owner profile) indexes the demo sources (Graph/Drive contract servers,
// azurite), pairs with the portal under `wrangler dev` (local D1, the real oidc-provider), and publishes; a second
// Chromium profile (guest, no extension) opens what was shared.

export interface ShareStack {
  demo: DemoSources;
  portal: PortalDev;
  owner: ExtensionBrowser;
  guest: ExtensionBrowser;
  client: ExtensionClient;
  sourceIds: Record<'onedrive' | 'gdrive' | 'azblob', string> & { onedriveBusiness?: string };
  /** With `business`: a Graph contract server run as OneDrive for Business, connected as a fourth source. */
  business?: GraphServer;
  close(): Promise<void>;
}

export async function ensurePortalBuilt(): Promise<void> {
  if (
    await access(`${REPO_ROOT}/portal/dist/index.html`).then(
      () => true,
      () => false,
    )
  )
    return;
  await new Promise<void>((ok, fail) => {
    const child = spawn(`${REPO_ROOT}/node_modules/.bin/vite`, ['build', '--logLevel', 'error'], {
      cwd: `${REPO_ROOT}/portal`,
      stdio: 'inherit',
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`vite build failed (${code})`))));
  });
}

/** `hostMap`: host names the owner's browser resolves to a local fixture (content scripts on Drive/OneDrive pages). */
export async function startShareStack(
  opts: { hostMap?: Record<string, number>; business?: SeedFile[] } = {},
): Promise<ShareStack> {
  await ensurePortalBuilt();
  const demo = await startDemoSources();
  const business = opts.business ? await startGraphServer({ files: opts.business, driveType: 'business' }) : undefined;
  const portal = await startPortalDev({ vars: { RATE_LIMIT_TOKEN: '10000/60' } }).catch(async (e) => {
    await demo.close();
    throw e;
  });
  const owner = await launchChromium({ extensionDir: process.env.HYPOMOS_EXTENSION_DIR, hostMap: opts.hostMap });
  const guest = await launchChromium({ extension: false });
  const client = await ExtensionClient.open(owner);
  const close = async () => {
    await owner.close();
    await guest.close();
    await portal.stop();
    await demo.close();
    await business?.close();
  };
  const sourceIds: ShareStack['sourceIds'] = { onedrive: '', gdrive: '', azblob: '' };
  try {
    const { ids } = await client.send<{ ids: string[] }>({
      type: 'sources.connectDemo',
      ...demo.config,
      ...(business ? { graphBusinessUrl: business.url } : {}),
    });
    const statuses = await client.statuses();
    for (const id of ids) {
      const source = statuses.find((s) => s.id === id)!;
      if (source.name === 'Demo OneDrive for Business') sourceIds.onedriveBusiness = id;
      else sourceIds[source.kind as 'onedrive' | 'gdrive' | 'azblob'] = id;
    }
    await client.waitIdle(ids, 180_000);
  } catch (e) {
    await close();
    throw e;
  }
  return { demo, portal, owner, guest, client, sourceIds, business, close };
}

/**
 * Pairing as "Connect to portal" does it, but in a tab: launchWebAuthFlow's window cannot be driven headless, so the
 * test opens the same `/auth/pair` URL in a tab of the owner's profile, signs in at the OIDC provider, posts the
 * "Allow" form, and hands the redirect `https://<id>.chromiumapp.org/portal?code&state` to the background, which
 * checks the state and exchanges the code (sharing.pairFinish → completePairing, as "Connect to portal" does).
 */
export async function pairInTab(stack: ShareStack, user: string): Promise<void> {
  await stack.client.send({ type: 'sharing.setPortal', origin: stack.portal.origin });
  const redirectUri = `https://${stack.owner.extensionId}.chromiumapp.org/portal`;
  const { url, state } = await stack.client.send<{ url: string; state: string }>({
    type: 'sharing.pairStart',
    redirectUri,
  });
  const tab = await stack.owner.context.newPage();
  stack.portal.idp.autoLogin(user);
  try {
    await tab.goto(url);
    await tab.getByRole('link', { name: 'Sign in with Dev ID' }).click();
    await tab.locator('#allow').waitFor();
  } finally {
    stack.portal.idp.autoLogin(null);
  }
  // "Allow" posts this form and the worker answers 303 to https://<id>.chromiumapp.org/…?code&state, a host a tab
  // cannot load: the same form is posted with the tab's session cookie and Origin, and the Location is kept.
  const fields = await tab
    .locator('form[action="/auth/pair"] input[type="hidden"]')
    .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));
  const cookie = (await stack.owner.context.cookies(stack.portal.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  await tab.close();
  const answer = await fetch(`${stack.portal.origin}/auth/pair`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: stack.portal.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields as [string, string][]).toString(),
  });
  const redirected = answer.headers.get('location');
  if (answer.status !== 303 || !redirected)
    throw new Error(`the portal did not redirect back to the extension: ${answer.status} ${await answer.text()}`);
  await stack.client.send({ type: 'sharing.pairFinish', redirected, state });
}

/** Signs a plain browser profile in at the portal (guest or recipient). */
export async function signIn(page: Page, stack: ShareStack, user: string): Promise<void> {
  stack.portal.idp.autoLogin(user);
  try {
    await page.goto(`${stack.portal.origin}/auth/signin?return_to=${encodeURIComponent('/auth/done')}`);
    await page.getByRole('link', { name: 'Sign in with Dev ID' }).click();
    await page.waitForURL(`${stack.portal.origin}/auth/done`);
  } finally {
    stack.portal.idp.autoLogin(null);
  }
}

/** Creates an event as the account signed in on `page` (one day long, ending now, kept a week). */
export async function createEvent(
  page: Page,
  title: string,
): Promise<{ event: { id: string }; url: string; token: string }> {
  return page.evaluate(async (t) => {
    const me = await (await fetch('/api/me')).json();
    const now = Date.now();
    const body = {
      title: t,
      startsAt: new Date(now - 86_400_000).toISOString(),
      endsAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
    };
    const r = await fetch('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify(body),
    });
    return r.json();
  }, title);
}

/** The organizer's decisions, posted from their signed-in portal page. */
export async function decide(
  organizer: Page,
  eventId: string,
  decisions: { itemId: string; decision: 'approve' | 'reject' }[],
): Promise<void> {
  await organizer.evaluate(
    async ({ id, decisions }) => {
      const me = await (await fetch('/api/me')).json();
      await fetch(`/api/events/${id}/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ decisions }),
      });
    },
    { id: eventId, decisions },
  );
}

/**
 * A contribution through the portal API, as another account's own client would make it: its source, a collection of
 * items at `link` (a real delegated link), then the contribution. Answers the contribution's HTTP status.
 */
export async function contributeThroughApi(
  page: Page,
  c: {
    eventToken: string;
    sourceId: string;
    sourceName: string;
    collectionTitle: string;
    itemIds: string[];
    link: string;
  },
): Promise<number> {
  return page.evaluate(async (c) => {
    const me = await (await fetch('/api/me')).json();
    const call = async (method: string, path: string, body: unknown) => {
      const r = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: await r.json() };
    };
    await call('PUT', `/api/sources/${c.sourceId}`, { kind: 'gdrive', name: c.sourceName });
    const col = await call('POST', '/api/collections', { title: c.collectionTitle, kind: 'static' });
    const items = c.itemIds.map((id) => ({
      sourceId: c.sourceId,
      sourceItemId: id,
      mediaType: 'image',
      originalUrl: c.link,
    }));
    await call('POST', `/api/collections/${col.json.id}/items`, { items });
    return (await call('POST', '/api/contributions', { eventToken: c.eventToken, collectionId: col.json.id })).status;
  }, c);
}

/** A collection row as the collections page saves it, written with raw IndexedDB from an extension page. */
export async function putCollection(
  client: ExtensionClient<Evaluator>,
  row: { id: string; kind: 'static' | 'dynamic'; title: string; itemKeys: string[]; filter: unknown },
) {
  await client.page.evaluate(async (r: Record<string, unknown>) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('hypomos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('collections', 'readwrite');
      tx.objectStore('collections').put({ ...r, coverKey: null, createdAt: Date.now(), updatedAt: Date.now() });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, row);
}

/** Rows of one IndexedDB table, read raw from an extension page. */
export async function rawTable<T>(client: ExtensionClient<Evaluator>, table: string): Promise<T[]> {
  return client.page.evaluate(async (t: string) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('hypomos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows: unknown[] = await new Promise((resolve, reject) => {
      const req = db.transaction(t).objectStore(t).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows;
  }, table) as Promise<T[]>;
}

export interface ShareSummary {
  id: string;
  state: string;
  url: string | null;
  counts: Record<string, number>;
  /** Event contributions: items per organizer decision, as the dashboard shows them. */
  approvals: Record<string, number> | null;
  lastError: string | null;
  lastRunAt: number | null;
}

/** Polls the extension's share list until `done` holds for the share (the publisher runs in the background). */
export async function waitShare(
  client: ExtensionClient<Evaluator>,
  shareId: string,
  done: (s: ShareSummary) => boolean,
  timeoutMs = 90_000,
): Promise<ShareSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await client.send<ShareSummary[]>({ type: 'sharing.list' })).find((x) => x.id === shareId);
    if (s && done(s)) return s;
    if (Date.now() > deadline) throw new Error(`share not done in time: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every media response a page received, with where it came from. */
export function recordMedia(page: Page): { origin: string; type: string; url: string }[] {
  const seen: { origin: string; type: string; url: string }[] = [];
  page.on('response', (r: Response) => {
    const type = r.headers()['content-type'] ?? '';
    // A one-byte status probe (viewer/broken-link.ts) asks whether an item still exists; it delivers no media.
    if (/^bytes 0-0\//.test(r.headers()['content-range'] ?? '')) return;
    if (/^(image|video)\//.test(type)) seen.push({ origin: new URL(r.url()).origin, type, url: r.url() });
  });
  return seen;
}

/** The public items of a share, as the viewer's API gives them. */
export async function publicItems(
  stack: { portal: { origin: string } },
  shareUrl: string,
): Promise<{ id: string; originalUrl: string; delivery: Record<string, unknown> | null }[]> {
  const token = new URL(shareUrl).pathname.split('/').pop()!;
  const res = await fetch(`${stack.portal.origin}/api/public/shares/${token}/items?limit=500`);
  if (!res.ok) throw Object.assign(new Error(`public items: ${res.status}`), { status: res.status });
  return (
    (await res.json()) as { items: { id: string; originalUrl: string; delivery: Record<string, unknown> | null }[] }
  ).items;
}
