import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { encode } from 'blurhash';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startGraphServer, type GraphServer } from '../dev-services/src/graph/server';
import type { DelegatedLink } from '../shared/src/providers/provider';
import type { DeliveryDescriptor } from '../shared/src/sharing/delivery';
import { createOneDriveProvider } from '../extension/src/features/sources/providers/onedrive';
import { createHttp } from '../extension/src/features/sources/providers/http';
import { DEFAULT_USERS, type OidcProviderHandle, type OidcUser, startOidcProvider } from '../dev-services/src/oidc';
import { freePort } from '../dev-services/src/ports';
import { seedFromFolder } from '../dev-services/src/seed';
import { REPO_ROOT, startWranglerDev, type WranglerDev } from '../dev-services/src/wrangler-dev';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';

// The portal's pages end to end: the worker under `wrangler dev` (local D1) serving the freshly built portal, the
// real oidc-provider for sign-in, and the Graph contract server holding the demo photos behind the links the
// extension's OneDrive client makes (embed and download.aspx forms, see shared/sharing/delivery.ts).

const CLIENT = { clientId: 'hypomos-portal', clientSecret: 'dev-client-secret' };

export interface PortalStack {
  dev: WranglerDev;
  idp: OidcProviderHandle;
  graph: GraphServer;
  owner: ExtensionBrowser;
  guest: ExtensionBrowser;
  media: Media[];
  close(): Promise<void>;
}

/** One file on the contract server with its anonymous link, thumbnail link and the facts the extension would publish. */
export interface Media {
  nodeId: string;
  path: string;
  mediaType: 'image' | 'video';
  mimeType: string;
  originalUrl: string;
  thumbnailUrl: string | null;
  delivery: DeliveryDescriptor | null;
  width: number | null;
  height: number | null;
  blurhash: string | null;
  sha256: string;
}

/** Newest modification time under the portal's sources (and the shared code it bundles). */
async function newestSource(): Promise<number> {
  let newest = 0;
  for (const dir of ['portal/src', 'shared/src/layout', 'portal/index.html']) {
    const full = `${REPO_ROOT}/${dir}`;
    const files = (await stat(full)).isDirectory()
      ? (await readdir(full, { recursive: true })).map((f) => `${full}/${f}`)
      : [full];
    for (const f of files) newest = Math.max(newest, (await stat(f)).mtimeMs);
  }
  return newest;
}

/** Builds portal/dist unless it is newer than every source, so the worker serves the pages under test. */
async function buildPortal(): Promise<void> {
  const built = await stat(`${REPO_ROOT}/portal/dist/index.html`)
    .then((s) => s.mtimeMs)
    .catch(() => 0);
  if (built > (await newestSource())) return;
  return new Promise((ok, fail) => {
    const child = spawn(`${REPO_ROOT}/portal/node_modules/.bin/vite`, ['build', '--logLevel', 'error'], {
      cwd: `${REPO_ROOT}/portal`,
      stdio: 'inherit',
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`vite build failed (${code})`))));
  });
}

async function blurhashOf(jpeg: Buffer): Promise<string> {
  const { data, info } = await sharp(jpeg)
    .resize(32, 32, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}

/** The extension's own OneDrive client, pointed at the contract server. */
const oneDriveOf = (graph: GraphServer) =>
  createOneDriveProvider({
    http: createHttp({ fetch, getAccessToken: async () => graph.authority.issueAccessToken() }),
    apiUrl: `${graph.url}/v1.0`,
    personalContentUrl: graph.contentUrl,
  });

/** The file's links, revoked at once (DELETE permission): every form of them answers 404 from then on. */
export async function revokedLink(graph: GraphServer, media: Media): Promise<DelegatedLink> {
  const provider = oneDriveOf(graph);
  const ref = { id: media.nodeId, path: media.path, media: media.mediaType };
  const link = await provider.createLink(ref, new Date(Date.now() + 86_400_000));
  await provider.revokeLink(ref, link);
  return link;
}

/** Links for every seeded file, made by the extension's OneDrive client as it makes them when publishing. */
async function shareAll(graph: GraphServer): Promise<Media[]> {
  const provider = oneDriveOf(graph);
  const out: Media[] = [];
  for (const node of graph.store.live().filter((n) => n.content && !n.folder)) {
    const mediaType = node.mimeType.startsWith('video/') ? 'video' : 'image';
    const link = await provider.createLink({ id: node.id, path: node.name, media: mediaType }, null);
    const facts = node.facts;
    out.push({
      nodeId: node.id,
      path: node.name,
      mediaType,
      mimeType: node.mimeType,
      originalUrl: link.url,
      thumbnailUrl: link.thumbnailUrl,
      delivery: link.delivery ?? null,
      width: facts?.width ?? null,
      height: facts?.height ?? null,
      blurhash: node.thumbnail ? await blurhashOf(node.thumbnail.bytes) : null,
      sha256: createHash('sha256').update(node.content!).digest('hex'),
    });
  }
  return out;
}

export async function startPortalStack(opts: { extraUsers?: OidcUser[] } = {}): Promise<PortalStack> {
  await buildPortal();
  const port = await freePort();
  const idp = await startOidcProvider({
    clients: [{ ...CLIENT, redirectUris: [`http://127.0.0.1:${port}/auth/callback/dev`] }],
    users: [...DEFAULT_USERS, ...(opts.extraUsers ?? [])],
  });
  const graph = await startGraphServer();
  await seedFromFolder(graph);
  const media = await shareAll(graph);
  const dev = await startWranglerDev({
    port,
    // Generous token-lookup limits: one viewer pages through 1,000 items and records statistics.
    vars: {
      OIDC_PROVIDERS: JSON.stringify([idp.workerConfig(CLIENT.clientId)]),
      OIDC_DEV_SECRET: CLIENT.clientSecret,
      RATE_LIMIT_TOKEN: '10000/60',
    },
  });
  const owner = await launchChromium({ extension: false });
  const guest = await launchChromium({ extension: false });
  const close = async () => {
    await owner.close();
    await guest.close();
    await dev.stop();
    await idp.close();
    await graph.close();
  };
  return { dev, idp, graph, owner, guest, media, close };
}

/** Signs in through the portal's own sign-in page (/app lists the providers), non-interactively as `user`. */
export async function signInThroughPortal(page: Page, stack: PortalStack, user: string, landing = '/app/shares') {
  stack.idp.autoLogin(user);
  try {
    await page.goto(`${stack.dev.origin}${landing}`);
    await page.getByRole('link', { name: 'Sign in with Dev ID' }).click();
    await page.waitForURL(`${stack.dev.origin}${landing}`);
    await page.getByTestId('me').waitFor();
  } finally {
    stack.idp.autoLogin(null);
  }
}

/** An API call from inside a signed-in page: same origin, session cookie, CSRF header (as the portal sends it). */
export async function api<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/me')).json();
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
}

/** Items as the extension publishes them: item i points at media[i % n], so 1,000 items reuse the demo photos. */
export function publishItems(media: Media[], count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => {
    const m = media[i % media.length]!;
    return {
      sourceId: 'od1',
      sourceItemId: `${prefix}-${i}`,
      mediaType: m.mediaType,
      mimeType: m.mimeType,
      capturedAt: new Date(Date.UTC(2024, 6, 1) + i * 60_000).toISOString(),
      width: m.width,
      height: m.height,
      blurhash: m.blurhash,
      originalUrl: m.originalUrl,
      thumbnailUrl: m.thumbnailUrl,
      delivery: m.delivery,
      contentHash: `sha256:${m.sha256}`,
    };
  });
}

/** Creates a collection for the signed-in owner and publishes the items in batches of 500; returns its id. */
export async function publishCollection(
  page: Page,
  title: string,
  items: ReturnType<typeof publishItems>,
): Promise<string> {
  await api(page, 'PUT', '/api/sources/od1', { kind: 'onedrive', name: 'OneDrive' });
  const col = await api<{ id: string }>(page, 'POST', '/api/collections', { title, kind: 'static' });
  if (col.status !== 201) throw new Error(`create collection: ${col.status} ${JSON.stringify(col.json)}`);
  for (let i = 0; i < items.length; i += 500) {
    const r = await api<{ results: { status: string }[] }>(page, 'POST', `/api/collections/${col.json.id}/items`, {
      items: items.slice(i, i + 500),
    });
    const bad = r.json.results.filter((x) => x.status !== 'created');
    if (r.status !== 200 || bad.length) throw new Error(`publish: ${r.status} ${JSON.stringify(bad.slice(0, 3))}`);
  }
  return col.json.id;
}
