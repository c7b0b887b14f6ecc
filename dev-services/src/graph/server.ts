import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FaultQueue } from '../contract/faults';
import { applyCors, readBody, sendJson, serveBytes, unknownParams } from '../contract/http';
import { MediaStore, type SeedFile, type StoredNode } from '../contract/media-store';
import { Authority } from '../identity/authority';
import { handleIdentity } from '../identity/routes';
import { freePort } from '../ports';
import { DeltaTokens, deltaPage } from './delta';
import { renderThumbnail } from '../contract/thumbnails';
import { DEFAULT_TOTAL_BYTES, quotaFacet } from './quota';
import { createUploadSessions } from './upload';
import { BUSINESS_DRIVE_ID, BUSINESS_USER, DRIVE_ID, type ItemContext, parseSelect, toDriveItem } from './items';
import { handleAnonymousShares, handleContentForms, handleLinkPage, itemPermissions, type LinkHosts } from './links';

/**
 * A Microsoft Graph (OneDrive personal, or for Business with `driveType: 'business'`) contract server: the subset
 * of v1.0 Hypomos uses, answered as the docs describe (driveItem, delta, content + Range, thumbnails, createLink,
 * permissions) and deliberately strict. Item content and thumbnails redirect to pre-authenticated URLs on a second
 * listener, another host (`mediaUrl`), as Graph's redirect to *.files.1drv.com / SharePoint does; that host
 * refuses a bearer token. Anonymous links and what browsers get from them (links.ts) are served by the API origin
 * and a third host (`contentUrl`). The Microsoft identity platform endpoints are served by the API origin.
 */
/** The loopback name of the link content host (my.microsoftpersonalcontent.com, TENANT-my.sharepoint.com). */
export const CONTRACT_CONTENT_HOST = '127.0.0.2';

export interface GraphServerOptions {
  port?: number;
  files?: SeedFile[];
  accessTtlSec?: number;
  clientIds?: string[];
  /** Items per delta page when the client sends no $top. */
  defaultPageSize?: number;
  /** 'business': paths `/drives/{driveId}/root:/…`, `/drives/{driveId}/…` routes, Business delta omissions. */
  driveType?: 'personal' | 'business';
  /** Business: false plays a tenant whose administrator disabled "Anyone" links (createLink then refuses them). */
  allowAnonymousLinks?: boolean;
  /**
   * Bytes the drive may hold (quota `total`); an upload past it gets 507 quotaLimitReached. null or unset: the
   * plan's size (quota.ts DEFAULT_TOTAL_BYTES).
   */
  quotaBytes?: number | null;
  now?: () => number;
}

/** Standard thumbnail sizes: longest edge in pixels (driveitem-list-thumbnails, "Size options"). */
const THUMB_SIZES = { small: 96, medium: 176, large: 800 } as const;
type ThumbSize = keyof typeof THUMB_SIZES;
/**
 * Custom sizes: "c300x400 — Generate a thumbnail that fits inside a 300x400 pixel box, maintaining aspect ratio"
 * (driveitem-list-thumbnails, "Requesting custom thumbnail sizes"). `_Crop` (fill the box and crop) is documented
 * too but not served here: asked for, it is a 400, so a client relying on it fails visibly.
 */
const CUSTOM_SIZE = /^c([1-9]\d{0,4})x([1-9]\d{0,4})$/;
const isThumbSize = (s: string): s is ThumbSize => s in THUMB_SIZES;
/** The box a size name stands for, or null when it is not one this server serves. */
function boxOf(size: string): { width: number; height: number } | null {
  if (isThumbSize(size)) return { width: THUMB_SIZES[size], height: THUMB_SIZES[size] };
  const m = CUSTOM_SIZE.exec(size);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

export interface GraphServer {
  url: string;
  /** The other host that content and thumbnail redirects point to (pre-authenticated URLs, no bearer token). */
  mediaUrl: string;
  /**
   * The host of link content forms, another host name (127.0.0.2): my.microsoftpersonalcontent.com for a personal
   * drive, TENANT-my.sharepoint.com for Business.
   */
  contentUrl: string;
  driveId: string;
  port: number;
  store: MediaStore;
  faults: FaultQueue;
  authority: Authority;
  /** Resumable upload sessions (upload.ts); tests expire them and change the quota. */
  uploads: ReturnType<typeof createUploadSessions>;
  setQuotaBytes: (bytes: number | null) => void;
  /** Adds a file (seed target); a later delta reports it. */
  addFile: (file: SeedFile) => StoredNode;
  close: () => Promise<void>;
}

export type GraphError = (status: number, code: string, message: string, headers?: Record<string, string>) => void;

const FAULT_CODES: Record<number, string> = {
  401: 'InvalidAuthenticationToken',
  403: 'accessDenied',
  404: 'itemNotFound',
  410: 'resyncRequired',
  429: 'activityLimitReached',
  500: 'generalException',
  503: 'serviceNotAvailable',
};

export async function startGraphServer(opts: GraphServerOptions = {}): Promise<GraphServer> {
  const now = opts.now ?? Date.now;
  let counter = 100;
  const driveType = opts.driveType ?? 'personal';
  const driveId = driveType === 'business' ? BUSINESS_DRIVE_ID : DRIVE_ID;
  // Business item ids look like 01BYE5RZ…; personal ones like D4648F06C91D9D3D!101.
  const store = new MediaStore(
    () =>
      driveType === 'business'
        ? `01BYE5RZ${String(counter++).padStart(26, 'A')}`
        : `${DRIVE_ID.toUpperCase()}!${counter++}`,
    now,
  );
  const faults = new FaultQueue();
  const authority = new Authority({
    flavor: 'microsoft',
    accessTtlSec: opts.accessTtlSec,
    clientIds: opts.clientIds,
    now,
  });
  const tokens = new DeltaTokens(randomBytes(4).toString('hex'));
  /** Pre-authenticated download URLs: tempauth → item id, as `@microsoft.graph.downloadUrl` gives. */
  const tempAuth = new Map<string, { id: string; expiresAt: number }>();
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const mediaPort = await freePort();
  // Another host name for the same loopback: a cross-origin redirect, so fetch drops the Authorization header.
  const mediaUrl = `http://localhost:${mediaPort}`;
  /** A pre-authenticated URL (`tempauth`), on the media host unless `origin` says otherwise (the shares API). */
  const preauth = (node: StoredNode, kind: string, origin = mediaUrl) => {
    const key = randomBytes(18).toString('base64url');
    tempAuth.set(key, { id: node.id, expiresAt: now() + 3600_000 });
    return `${origin}/_${kind}/${encodeURIComponent(node.id)}?tempauth=${key}`;
  };
  const ctx: ItemContext = { store, baseUrl, downloadUrl: (node) => preauth(node, 'download'), driveType, driveId };
  let quotaBytes = opts.quotaBytes ?? null;
  const totalBytes = () => quotaBytes ?? DEFAULT_TOTAL_BYTES[driveType];
  const uploads = createUploadSessions({
    store,
    mediaUrl,
    now,
    quotaBytes: totalBytes,
    toDriveItem: (node) => toDriveItem(ctx, node, null),
  });
  const serve = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>) =>
    createServer((req, res) => {
      handler(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'generalException', message: String(e) } });
        else res.destroy();
      });
    });
  // A third loopback name for the content host: redirects to it cross hosts (and a CSP must list it). Same port as
  // the API, so a client configured with the API's URL alone can find it (CONTRACT_CONTENT_HOST).
  const content = serve((req, res) => handleContent(req, res));
  await new Promise<void>((resolve, reject) =>
    content.once('error', reject).listen(port, CONTRACT_CONTENT_HOST, resolve),
  );
  const contentUrl = `http://${CONTRACT_CONTENT_HOST}:${port}`;
  const hosts: LinkHosts = {
    driveType,
    baseUrl,
    contentUrl,
    cid: DRIVE_ID,
    businessUser: BUSINESS_USER,
    allowAnonymousLinks: opts.allowAnonymousLinks ?? true,
  };
  for (const file of opts.files ?? []) store.addFile(file);

  /**
   * Pre-authenticated URLs (downloads, thumbnails): the `tempauth` in the URL is the credential. "The
   * downloadUrl … doesn't require authentication" (driveitem-get-content); this server refuses a request that
   * carries a bearer token anyway, so a client leaking the user's token to the download host fails here.
   */
  const servePreauthenticated = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    error: GraphError,
  ): Promise<boolean> => {
    const pre = /^\/_(download|thumb)\/([^/]+)(?:\/(small|medium|large|c\d+x\d+))?$/.exec(url.pathname);
    if (!pre) return false;
    const method = req.method ?? 'GET';
    if (req.headers.authorization) {
      error(
        400,
        'invalidRequest',
        'Pre-authenticated URLs take no Authorization header: the bearer token must not leave the API host.',
      );
      return true;
    }
    const fault = faults.take(method, url.pathname + url.search, 'status');
    if (fault?.status) {
      error(
        fault.status,
        FAULT_CODES[fault.status] ?? 'generalException',
        `Injected fault ${fault.status}`,
        fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {},
      );
      return true;
    }
    const grant = tempAuth.get(url.searchParams.get('tempauth') ?? '');
    const node = grant && grant.expiresAt > now() ? store.get(grant.id) : undefined;
    if (!node || node.id !== decodeURIComponent(pre[2] as string)) {
      error(401, 'unauthenticated', 'The tempauth token is invalid or expired.');
      return true;
    }
    const box = boxOf(pre[3] ?? 'large');
    const thumb = pre[1] === 'thumb' && box ? await renderThumbnail(node, box.width, box.height) : null;
    const bytes = pre[1] === 'download' ? node.content : thumb?.bytes;
    if (!bytes) {
      error(404, 'itemNotFound', 'The resource could not be found.');
      return true;
    }
    const reset = faults.take(method, url.pathname + url.search, 'reset');
    serveBytes(req, res, bytes, {
      contentType: pre[1] === 'download' ? node.mimeType : 'image/jpeg',
      etag: `"${node.version}"`,
      reset,
    });
    return true;
  };
  const errorFor =
    (res: ServerResponse): GraphError =>
    (status, code, message, headers = {}) =>
      sendJson(
        res,
        status,
        { error: { code, message, innerError: { date: new Date(now()).toISOString(), 'request-id': randomUUID() } } },
        headers,
      );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const error = errorFor(res);
    const shared = {
      req,
      res,
      url,
      store,
      error,
      hosts,
      bytesUrl: (n: StoredNode, o?: string) => preauth(n, 'download', o),
    };
    // Link pages (1drv.ms, onedrive.live.com stand-ins) answer before the API's CORS: none is known for them.
    if (handleLinkPage(shared)) return;
    if (applyCors(req, res)) return;
    if (await handleIdentity(authority, req, res, url)) return;
    const fault = faults.take(method, url.pathname + url.search, 'status');
    if (fault?.status) {
      const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
      return error(
        fault.status,
        FAULT_CODES[fault.status] ?? 'generalException',
        `Injected fault ${fault.status}`,
        headers,
      );
    }
    if (handleAnonymousShares(shared)) return;
    if (!url.pathname.startsWith('/v1.0/'))
      return error(404, 'itemNotFound', `Resource not found for the segment '${url.pathname}'.`);
    const auth = authority.check(req.headers.authorization);
    if (auth !== 'ok') {
      const message =
        auth === 'missing'
          ? 'Access token is empty.'
          : auth === 'expired'
            ? 'Access token has expired or is not yet valid.'
            : 'Invalid authentication token.';
      return error(401, 'InvalidAuthenticationToken', message, {
        'WWW-Authenticate': 'Bearer realm="", error="invalid_token"',
      });
    }
    const accept = req.headers.accept;
    if (accept && !/application\/json|\*\/\*|application\/\*/.test(accept))
      return error(406, 'notAcceptable', `Accept '${accept}' is not supported; use application/json.`);
    // `/drives/{driveId}/…` addresses the same drive as `/me/drive/…` (both documented for every call used here).
    let route = url.pathname.slice('/v1.0'.length);
    // `/drive/…` is the signed-in user's drive too (driveitem-get-content: "GET /drive/items/{item-ID}?select=…").
    if (route.startsWith('/drive/')) route = `/me${route}`;
    const byDrive = /^\/drives\/([^/]+)(\/.*)?$/.exec(route);
    if (byDrive) {
      if (decodeURIComponent(byDrive[1] as string) !== driveId)
        return error(404, 'itemNotFound', 'The drive could not be found.');
      route = `/me/drive${byDrive[2] ?? ''}`;
    }

    if (route === '/me/drive/root/delta' && method === 'GET') {
      // driveitem-delta: "This method supports the $select, $expand, and $top OData query parameters".
      const bad = unknownParams(url, ['$select', '$top', '$expand', 'token']);
      if (!checkExpand(url, error)) return;
      if (bad.length) return error(400, 'invalidRequest', `Unsupported query parameter(s): ${bad.join(', ')}.`);
      const { select, unknown } = parseSelect(url.searchParams.get('$select'));
      if (unknown.length)
        return error(
          400,
          'BadRequest',
          `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.driveItem'.`,
        );
      const topRaw = url.searchParams.get('$top');
      const top = topRaw === null ? (opts.defaultPageSize ?? 200) : Number(topRaw);
      if (!Number.isInteger(top) || top < 1 || top > 1000)
        return error(400, 'invalidRequest', `Invalid $top '${topRaw}': expected an integer 1-1000.`);
      const page = deltaPage(store, tokens, url.searchParams.get('token'), top);
      if (page === 'resync') {
        // The delta docs: 410 with a Location header that starts a fresh enumeration; the inner code
        // says how to merge (resyncChangesApplyDifferences: the server's version wins).
        return sendJson(
          res,
          410,
          {
            error: {
              code: 'resyncRequired',
              message:
                "Resync required. Replace any local items with the server's version (including deletes) and restart the delta without a token.",
              innerError: {
                code: 'resyncChangesApplyDifferences',
                date: new Date(now()).toISOString(),
                'request-id': randomUUID(),
              },
            },
          },
          { Location: `${baseUrl}/v1.0/me/drive/root/delta` },
        );
      }
      const link = (token: string) => {
        const next = new URL(`${baseUrl}${url.pathname}`);
        for (const k of ['$select', '$top', '$expand'])
          if (url.searchParams.has(k)) next.searchParams.set(k, url.searchParams.get(k) ?? '');
        next.searchParams.set('token', token);
        return next.toString();
      };
      return sendJson(res, 200, {
        '@odata.context': `${baseUrl}/v1.0/$metadata#Collection(driveItem)`,
        value: await withThumbnails(url, page.items, (n) => toDriveItem(ctx, n, select, true)),
        ...(page.next ? { '@odata.nextLink': link(page.next) } : { '@odata.deltaLink': link(page.checkpoint ?? '') }),
      });
    }

    if (route === '/me/drive' && method === 'GET') {
      // drive-get: the drive resource; `driveType` is personal, business or documentLibrary. `quota` is the facet of
      // https://learn.microsoft.com/en-us/graph/api/resources/quota (quota.ts).
      const bad = unknownParams(url, ['$select']);
      if (bad.length) return error(400, 'invalidRequest', `Unsupported query parameter(s): ${bad.join(', ')}.`);
      const drive: Record<string, unknown> = {
        id: driveId,
        driveType,
        owner: { user: { displayName: 'Adele Vance' } },
        quota: quotaFacet(store, totalBytes()),
      };
      const select = url.searchParams
        .get('$select')
        ?.split(',')
        .map((k) => k.trim());
      const unknown = select?.filter((k) => !(k in drive)) ?? [];
      if (unknown.length)
        return error(
          400,
          'BadRequest',
          `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.drive'.`,
        );
      return sendJson(res, 200, select ? Object.fromEntries(select.map((k) => [k, drive[k]])) : drive);
    }
    // driveitem-createuploadsession: POST /drives/{id}/items/{parent-id}:/{filename}:/createUploadSession or by root path.
    const session =
      /^\/me\/drive\/items\/([^/:]+):\/(.+):\/createUploadSession$/.exec(route) ??
      /^\/me\/drive\/(root):\/(.+):\/createUploadSession$/.exec(route);
    if (session && method === 'POST') {
      const [parentRef, relative] = [
        decodeURIComponent(session[1] as string),
        decodeURIComponent(session[2] as string),
      ];
      const parent = parentRef === 'root' ? store.get(store.rootId) : store.get(parentRef);
      if (!parent?.folder) return error(404, 'itemNotFound', 'The parent folder could not be found.');
      const parts = relative.split('/');
      const name = parts.pop() ?? '';
      const parentPath = [
        parent.id === store.rootId ? '' : store.folderPath(parent),
        parent.id === store.rootId ? '' : parent.name,
        ...parts,
      ]
        .filter(Boolean)
        .join('/');
      return uploads.create(parentPath, name, await readBody(req), error, res, sendJson);
    }
    const restore = /^\/me\/drive\/items\/([^/]+)\/restore$/.exec(route);
    if (restore && method === 'POST') {
      // driveitem-restore (v1.0): "Restore a driveItem that has been deleted and is currently in the recycle bin.
      // This functionality is currently only available for OneDrive Personal." → 200 with the restored driveItem,
      // under its old id. Undocumented forms, our choice: a work or school drive answers 400 notSupported, and an id
      // that is not in the bin 404 itemNotFound.
      if (ctx.driveType === 'business')
        return error(400, 'notSupported', 'Restore is only available for OneDrive Personal.');
      const node = store.get(decodeURIComponent(restore[1] as string));
      if (!node?.trashed) return error(404, 'itemNotFound', 'The resource could not be found.');
      await readBody(req);
      store.restore(node.id);
      return sendJson(res, 200, toDriveItem(ctx, node, null));
    }
    const addressed = addressItem(store, route);
    if (!addressed) return error(400, 'invalidRequest', `Unsupported request: ${method} ${route}`);
    const { node, sub } = addressed;
    if (!node) return error(404, 'itemNotFound', 'The resource could not be found.');
    const allowOnly = (names: string[]) => {
      const bad = unknownParams(url, names);
      if (bad.length) error(400, 'invalidRequest', `Unsupported query parameter(s): ${bad.join(', ')}.`);
      return bad.length === 0;
    };
    if (sub === '' && method === 'GET') {
      // The docs write both `$select=` and `select=` (driveitem-get-content: "?select=id,@microsoft.graph.downloadUrl").
      if (!allowOnly(['$select', 'select', '$expand']) || !checkExpand(url, error)) return;
      const { select, unknown } = parseSelect(url.searchParams.get('$select') ?? url.searchParams.get('select'));
      if (unknown.length)
        return error(
          400,
          'BadRequest',
          `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.driveItem'.`,
        );
      return sendJson(res, 200, (await withThumbnails(url, [node], (n) => toDriveItem(ctx, n, select)))[0]);
    }
    if (sub === '' && method === 'DELETE') {
      // driveitem-delete: "DELETE /me/drive/items/{item-id}" → 204 No Content, and the item goes to the
      // recycle bin (delta then reports it deleted); an item already in the bin is not found (404 above).
      if (!allowOnly([])) return;
      if (node.id === store.rootId) return error(403, 'accessDenied', 'The root cannot be deleted.');
      store.trash(node.id);
      res.writeHead(204);
      return res.end();
    }
    if (sub === '/children' && method === 'GET') {
      // driveitem-list-children: $expand, $select, $skipToken, $top and $orderby.
      if (!allowOnly(['$select', '$top', '$skiptoken', '$expand', '$orderby']) || !checkExpand(url, error)) return;
      const { select, unknown } = parseSelect(url.searchParams.get('$select'));
      if (unknown.length)
        return error(
          400,
          'BadRequest',
          `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.driveItem'.`,
        );
      const top = Number(url.searchParams.get('$top') ?? '200');
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      if (!Number.isInteger(top) || top < 1 || top > 1000 || !Number.isInteger(skip) || skip < 0)
        return error(400, 'invalidRequest', 'Invalid $top or $skiptoken.');
      const order = orderBy(url.searchParams.get('$orderby'));
      if (order === 'bad')
        return error(400, 'invalidRequest', `Unsupported $orderby '${url.searchParams.get('$orderby')}'.`);
      const children = store.live().filter((n) => n.parentId === node.id);
      if (order) children.sort(order);
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + top));
      return sendJson(res, 200, {
        value: await withThumbnails(url, children.slice(skip, skip + top), (n) => toDriveItem(ctx, n, select)),
        ...(skip + top < children.length ? { '@odata.nextLink': next.toString() } : {}),
      });
    }
    if (sub === '/content' && method === 'GET') {
      if (!allowOnly([])) return;
      if (node.folder) return error(400, 'invalidRequest', 'Folders have no content.');
      // "Returns a 302 Found response redirecting to a preauthenticated download URL" (driveitem-get-content).
      res.writeHead(302, { Location: preauth(node, 'download') });
      return res.end();
    }
    if (sub === '/thumbnails' && method === 'GET') {
      // The docs select sizes with `select` ("/thumbnails?select=medium"), Graph's OData form is `$select`.
      if (!allowOnly(['$select', 'select'])) return;
      const wanted = (url.searchParams.get('$select') ?? url.searchParams.get('select'))
        ?.split(',')
        .map((s) => s.trim());
      const unknown = wanted?.filter((w) => w !== 'id' && !boxOf(w)) ?? [];
      if (unknown.length) return error(400, 'invalidRequest', `Unsupported thumbnail size '${unknown[0]}'.`);
      // "Which responds with just the custom thumbnail size selected" (Requesting custom thumbnail sizes).
      const custom = wanted?.filter((w) => CUSTOM_SIZE.test(w)) ?? [];
      const set = await thumbnailSet(node, custom);
      if (!set) return sendJson(res, 200, { value: [] });
      const picked = wanted
        ? Object.fromEntries(Object.entries(set).filter(([k]) => k === 'id' || wanted.includes(k)))
        : set;
      return sendJson(res, 200, { value: [picked] });
    }
    const thumb = /^\/thumbnails\/0\/(small|medium|large|c\d+x\d+(?:_Crop)?)(\/content)?$/.exec(sub);
    if (thumb && method === 'GET') {
      if (!allowOnly([])) return;
      if (!boxOf(thumb[1]!)) return error(400, 'invalidRequest', `Unsupported thumbnail size '${thumb[1]}'.`);
      const custom = CUSTOM_SIZE.test(thumb[1]!) ? [thumb[1]!] : [];
      const set = await thumbnailSet(node, custom);
      if (!set) return error(404, 'itemNotFound', 'No thumbnail for this item.');
      const one = set[thumb[1]!]!;
      if (!thumb[2]) return sendJson(res, 200, one);
      // "The service responds with a redirect to the thumbnail URL" (driveitem-list-thumbnails).
      res.writeHead(302, { Location: one.url });
      return res.end();
    }
    if (sub === '/createLink' || sub.startsWith('/permissions')) {
      if (!allowOnly([])) return;
      return itemPermissions({
        req,
        res,
        node,
        sub,
        method,
        store,
        error,
        now,
        hosts,
        body: method === 'POST' ? await readBody(req) : null,
      });
    }
    return error(400, 'invalidRequest', `Unsupported request: ${method} ${route}`);
  };

  /**
   * The thumbnailSet of an item (sizes rendered as documented), or null when it has none: the standard sizes, or only
   * the custom ones when some are asked. Each URL is pre-authenticated (tempauth, an hour here; the docs promise only
   * "Thumbnail URLs are cache-safe. The URL will change, if the item changes").
   */
  async function thumbnailSet(node: StoredNode, custom: string[] = []) {
    const names: string[] = custom.length ? custom : Object.keys(THUMB_SIZES);
    const entries = await Promise.all(
      names.map(async (name) => {
        const box = boxOf(name)!;
        const t = await renderThumbnail(node, box.width, box.height);
        const url = preauth(node, 'thumb').replace('?', `/${name}?`);
        return t ? ([name, { width: t.width, height: t.height, url }] as const) : null;
      }),
    );
    if (entries.some((e) => e === null)) return null;
    return {
      id: '0',
      ...Object.fromEntries(entries as [string, { width: number; height: number; url: string }][]),
    } as { id: string } & Record<string, { width: number; height: number; url: string }>;
  }

  /** driveItems, with `thumbnails` added when the request asked `$expand=thumbnails`. */
  async function withThumbnails(url: URL, nodes: StoredNode[], view: (n: StoredNode) => Record<string, unknown>) {
    const expand = url.searchParams.get('$expand') === 'thumbnails';
    return Promise.all(
      nodes.map(async (n) => {
        const item = view(n);
        if (!expand || n.deleted || n.trashed) return item;
        const set = n.folder ? null : await thumbnailSet(n);
        return { ...item, thumbnails: set ? [set] : [] };
      }),
    );
  }

  /** The content host: link content forms and the bytes embed links redirect to, without CORS headers. */
  async function handleContent(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', contentUrl);
    const error = errorFor(res);
    const args = { req, res, url, store, error, hosts, bytesUrl: (n: StoredNode) => preauth(n, 'download') };
    if (handleContentForms(args) || (await servePreauthenticated(req, res, url, error))) return;
    error(404, 'itemNotFound', 'Not found.');
  }

  const server = serve(handle);
  // The media host: only pre-authenticated URLs, with CORS like the API.
  const media = serve(async (req, res) => {
    if (applyCors(req, res)) return;
    const url = new URL(req.url ?? '/', mediaUrl);
    const error = errorFor(res);
    if (url.pathname.startsWith('/_upload/')) {
      const fault = faults.take(req.method ?? 'GET', url.pathname, 'status');
      if (fault?.status) {
        for await (const _ of req);
        const retry: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
        return error(
          fault.status,
          FAULT_CODES[fault.status] ?? 'generalException',
          `Injected fault ${fault.status}`,
          retry,
        );
      }
    }
    if (await uploads.handle(req, res, url, error, sendJson)) return;
    if (!(await servePreauthenticated(req, res, url, error))) error(404, 'itemNotFound', 'Not found.');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => media.listen(mediaPort, 'localhost', resolve));
  return {
    url: baseUrl,
    mediaUrl,
    contentUrl,
    driveId,
    port,
    store,
    faults,
    authority,
    uploads,
    setQuotaBytes: (bytes) => {
      quotaBytes = bytes;
    },
    addFile: (file) => store.addFile(file),
    close: async () => {
      for (const s of [server, media, content]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}

/** `$expand`: only `thumbnails` (driveitem-list-thumbnails, "Getting thumbnails while listing DriveItems"). */
function checkExpand(url: URL, error: GraphError): boolean {
  const expand = url.searchParams.get('$expand');
  if (expand === null || expand === 'thumbnails') return true;
  error(400, 'invalidRequest', `This contract server expands only thumbnails, not '${expand}'.`);
  return false;
}

/** `$orderby` of children: name, lastModifiedDateTime or size, asc or desc. */
function orderBy(raw: string | null): ((a: StoredNode, b: StoredNode) => number) | null | 'bad' {
  if (raw === null) return null;
  const m = /^(name|lastModifiedDateTime|size)(?:\s+(asc|desc))?$/.exec(raw.trim());
  if (!m) return 'bad';
  const key = (n: StoredNode): string | number =>
    m[1] === 'name' ? n.name.toLowerCase() : m[1] === 'size' ? (n.content?.length ?? 0) : n.modifiedAt;
  const dir = m[2] === 'desc' ? -1 : 1;
  return (a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0);
}

/**
 * The item a route names: `/me/drive/items/{id}…`, `/me/drive/root…` or by path `/me/drive/root:/a/b:…`
 * (the `:` form ends the path; without a trailing segment it may be left off). null when the route
 * addresses no item.
 */
function addressItem(store: MediaStore, route: string): { node: StoredNode | undefined; sub: string } | null {
  const byId = /^\/me\/drive\/items\/([^/]+)(\/.*)?$/.exec(route);
  // Items in the recycle bin are gone for the drive API.
  const live = (node: StoredNode | undefined) => (node?.trashed ? undefined : node);
  if (byId) return { node: live(store.get(decodeURIComponent(byId[1] as string))), sub: byId[2] ?? '' };
  const root = /^\/me\/drive\/root(\/.*)?$/.exec(route);
  if (root) return { node: store.get(store.rootId), sub: root[1] ?? '' };
  const byPath = /^\/me\/drive\/root:\/([^:]+):?(\/.*)?$/.exec(route);
  if (byPath) return { node: store.findByPath(decodeURIComponent(byPath[1] as string)), sub: byPath[2] ?? '' };
  return null;
}
