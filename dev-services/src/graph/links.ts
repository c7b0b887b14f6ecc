import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from '../contract/faults';
import { sendJson, serveBytes } from '../contract/http';
import type { MediaStore, Permission, StoredNode } from '../contract/media-store';
import type { GraphError } from './server';

/**
 * Sharing links: `POST /items/{id}/createLink`, `GET /items/{id}/permissions`,
 * `DELETE /items/{id}/permissions/{permId}`, and the anonymous link itself.
 *
 * A real anonymous link (`https://1drv.ms/...`) opens OneDrive's viewer page; here `link.webUrl` serves
 * the file's bytes directly (with Range and CORS) so the Hypomos viewer can load the original from it.
 * After revoke it answers 404, after expiry 403, as OneDrive does.
 */
const CREATE_KEYS = new Set(['type', 'scope', 'expirationDateTime', 'password', 'retainInheritedPermissions']);

export function handleSharedLink(a: { req: IncomingMessage; res: ServerResponse; url: URL; store: MediaStore; error: GraphError; faults: FaultQueue }): boolean {
  const m = /^\/_share\/([\w-]+)$/.exec(a.url.pathname);
  if (!m) return false;
  if (a.req.method !== 'GET' && a.req.method !== 'HEAD') {
    a.error(405, 'invalidRequest', 'Shared links are read-only.');
    return true;
  }
  const found = a.store.resolveShare(m[1] as string);
  if (found === 'not_found') a.error(404, 'itemNotFound', 'The sharing link no longer exists.');
  else if (found === 'expired') a.error(403, 'accessDenied', 'The sharing link has expired.');
  else if (found.node.content) {
    const reset = a.faults.take(a.req.method, a.url.pathname, 'reset');
    serveBytes(a.req, a.res, found.node.content, { contentType: found.node.mimeType, etag: `"${found.node.version}"`, reset });
  }
  return true;
}

interface PermissionArgs {
  req: IncomingMessage;
  res: ServerResponse;
  node: StoredNode;
  sub: string;
  method: string;
  store: MediaStore;
  error: GraphError;
  now: () => number;
  baseUrl: string;
  body: Buffer | null;
}

export function itemPermissions(a: PermissionArgs) {
  const view = (p: Permission) => ({
    id: p.id,
    roles: ['read'],
    hasPassword: false,
    ...(p.expiresAt !== null ? { expirationDateTime: new Date(p.expiresAt).toISOString() } : {}),
    link: { type: 'view', scope: 'anonymous', webUrl: `${a.baseUrl}/_share/${p.token}` },
  });
  const active = a.node.permissions.filter((p) => !p.revoked);
  if (a.sub === '/permissions' && a.method === 'GET') return sendJson(a.res, 200, { value: active.map(view) });
  const del = /^\/permissions\/([\w-]+)$/.exec(a.sub);
  if (del && a.method === 'DELETE') {
    const permission = active.find((p) => p.id === del[1]);
    if (!permission) return a.error(404, 'itemNotFound', 'The permission could not be found.');
    permission.revoked = true;
    a.res.writeHead(204);
    return void a.res.end();
  }
  if (a.sub !== '/createLink' || a.method !== 'POST') return a.error(405, 'invalidRequest', `${a.method} is not supported here.`);
  const type = (a.req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/json') return a.error(400, 'invalidRequest', 'Content-Type must be application/json.');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.body?.toString('utf8') ?? '');
  } catch {
    return a.error(400, 'invalidRequest', 'The request body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return a.error(400, 'invalidRequest', 'The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !CREATE_KEYS.has(k));
  if (unknown.length) return a.error(400, 'invalidRequest', `Unknown property '${unknown[0]}' in createLink.`);
  if (!['view', 'edit', 'embed'].includes(body.type as string)) return a.error(400, 'invalidRequest', "type must be 'view', 'edit' or 'embed'.");
  if (body.type !== 'view' || body.scope !== 'anonymous') {
    return a.error(400, 'invalidRequest', 'This contract server supports only type=view, scope=anonymous links.');
  }
  let expiresAt: number | null = null;
  if (body.expirationDateTime !== undefined) {
    expiresAt = typeof body.expirationDateTime === 'string' ? Date.parse(body.expirationDateTime) : Number.NaN;
    if (!Number.isFinite(expiresAt)) return a.error(400, 'invalidRequest', 'expirationDateTime must be an ISO 8601 date-time.');
    if ((expiresAt as number) <= a.now()) return a.error(400, 'invalidRequest', 'expirationDateTime must be in the future.');
  }
  // Asking again for the same kind of link returns the existing one (200), as OneDrive does.
  const existing = active.find((p) => p.expiresAt === expiresAt && (p.expiresAt === null || p.expiresAt > a.now()));
  if (existing) return sendJson(a.res, 200, view(existing));
  return sendJson(a.res, 201, view(a.store.addPermission(a.node, expiresAt)));
}
