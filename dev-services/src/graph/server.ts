import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FaultQueue } from '../contract/faults';
import { applyCors, readBody, sendJson, serveBytes, unknownParams } from '../contract/http';
import { MediaStore, type SeedFile, type StoredNode } from '../contract/media-store';
import { Authority } from '../identity/authority';
import { handleIdentity } from '../identity/routes';
import { freePort } from '../ports';
import { DeltaTokens, deltaPage } from './delta';
import { DRIVE_ID, type ItemContext, parseSelect, toDriveItem } from './items';
import { handleSharedContent, handleSharedLink, itemPermissions } from './links';

/**
 * A Microsoft Graph (OneDrive personal) contract server: the subset of v1.0 Hypomos uses, answered as
 * the docs describe (driveItem, delta, content + Range, thumbnails, createLink, permissions) and
 * deliberately strict. It also plays api.onedrive.com's anonymous shares API for personal accounts (links.ts). The Microsoft identity platform endpoints are served by the same origin.
 */
export interface GraphServerOptions {
  port?: number;
  files?: SeedFile[];
  accessTtlSec?: number;
  clientIds?: string[];
  /** Items per delta page when the client sends no $top. */
  defaultPageSize?: number;
  now?: () => number;
}

export interface GraphServer {
  url: string;
  port: number;
  store: MediaStore;
  faults: FaultQueue;
  authority: Authority;
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
  const store = new MediaStore(() => `${DRIVE_ID.toUpperCase()}!${counter++}`, now);
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
  const preauth = (node: StoredNode, kind: string) => {
    const key = randomBytes(18).toString('base64url');
    tempAuth.set(key, { id: node.id, expiresAt: now() + 3600_000 });
    return `${baseUrl}/_${kind}/${encodeURIComponent(node.id)}?tempauth=${key}`;
  };
  const ctx: ItemContext = { store, baseUrl, downloadUrl: (node) => preauth(node, 'download') };
  for (const file of opts.files ?? []) store.addFile(file);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const error: GraphError = (status, code, message, headers = {}) =>
      sendJson(
        res,
        status,
        { error: { code, message, innerError: { date: new Date(now()).toISOString(), 'request-id': randomUUID() } } },
        headers,
      );
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
    // Pre-authenticated URLs (downloads, thumbnails, anonymous links) need no bearer token.
    const pre = /^\/_(download|thumb)\/([^/]+)(?:\/(small|medium|large))?$/.exec(url.pathname);
    if (pre) {
      const grant = tempAuth.get(url.searchParams.get('tempauth') ?? '');
      const node = grant && grant.expiresAt > now() ? store.get(grant.id) : undefined;
      if (!node || node.id !== decodeURIComponent(pre[2] as string))
        return error(401, 'unauthenticated', 'The tempauth token is invalid or expired.');
      const bytes = pre[1] === 'download' ? node.content : node.thumbnail?.bytes;
      if (!bytes) return error(404, 'itemNotFound', 'The resource could not be found.');
      const reset = faults.take(method, url.pathname + url.search, 'reset');
      return serveBytes(req, res, bytes, {
        contentType: pre[1] === 'download' ? node.mimeType : 'image/jpeg',
        etag: `"${node.version}"`,
        reset,
      });
    }
    const shared = {
      req,
      res,
      url,
      store,
      error,
      baseUrl,
      downloadUrl: (node: StoredNode) => preauth(node, 'download'),
    };
    if (handleSharedLink(shared) || handleSharedContent(shared)) return;
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
    const route = url.pathname.slice('/v1.0'.length);

    if (route === '/me/drive/root/delta' && method === 'GET') {
      const bad = unknownParams(url, ['$select', '$top', 'token']);
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
        const next = new URL(`${baseUrl}/v1.0/me/drive/root/delta`);
        for (const k of ['$select', '$top'])
          if (url.searchParams.has(k)) next.searchParams.set(k, url.searchParams.get(k) ?? '');
        next.searchParams.set('token', token);
        return next.toString();
      };
      return sendJson(res, 200, {
        '@odata.context': `${baseUrl}/v1.0/$metadata#Collection(driveItem)`,
        value: page.items.map((n) => toDriveItem(ctx, n, select, true)),
        ...(page.next ? { '@odata.nextLink': link(page.next) } : { '@odata.deltaLink': link(page.checkpoint ?? '') }),
      });
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
      if (!allowOnly(['$select'])) return;
      const { select, unknown } = parseSelect(url.searchParams.get('$select'));
      if (unknown.length)
        return error(
          400,
          'BadRequest',
          `Could not find a property named '${unknown[0]}' on type 'microsoft.graph.driveItem'.`,
        );
      return sendJson(res, 200, toDriveItem(ctx, node, select));
    }
    if (sub === '/children' && method === 'GET') {
      if (!allowOnly(['$select', '$top', '$skiptoken'])) return;
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
      const children = store.live().filter((n) => n.parentId === node.id);
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + top));
      return sendJson(res, 200, {
        value: children.slice(skip, skip + top).map((n) => toDriveItem(ctx, n, select)),
        ...(skip + top < children.length ? { '@odata.nextLink': next.toString() } : {}),
      });
    }
    if (sub === '/content' && method === 'GET') {
      if (!allowOnly([])) return;
      if (node.folder) return error(400, 'invalidRequest', 'Folders have no content.');
      res.writeHead(302, { Location: preauth(node, 'download') });
      return res.end();
    }
    if (sub === '/thumbnails' && method === 'GET') {
      if (!allowOnly(['$select'])) return;
      if (!node.thumbnail) return sendJson(res, 200, { value: [] });
      const t = node.thumbnail;
      const size = (name: string) => ({
        width: t.width,
        height: t.height,
        url: `${preauth(node, 'thumb').replace('?', `/${name}?`)}`,
      });
      return sendJson(res, 200, {
        value: [{ id: '0', small: size('small'), medium: size('medium'), large: size('large') }],
      });
    }
    const thumb = /^\/thumbnails\/0\/(small|medium|large)\/content$/.exec(sub);
    if (thumb && method === 'GET') {
      if (!allowOnly([])) return;
      if (!node.thumbnail) return error(404, 'itemNotFound', 'No thumbnail for this item.');
      res.writeHead(302, { Location: preauth(node, 'thumb').replace('?', `/${thumb[1]}?`) });
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
        baseUrl,
        body: method === 'POST' ? await readBody(req) : null,
      });
    }
    return error(400, 'invalidRequest', `Unsupported request: ${method} ${route}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'generalException', message: String(e) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: baseUrl,
    port,
    store,
    faults,
    authority,
    addFile: (file) => store.addFile(file),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
