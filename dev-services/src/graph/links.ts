import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSharingToken } from '@hypomos/shared/providers/onedrive-share';
import { sendJson } from '../contract/http';
import type { MediaStore, Permission, StoredNode } from '../contract/media-store';
import type { GraphError } from './server';

/**
 * Sharing links: `POST /items/{id}/createLink`, `GET /items/{id}/permissions`,
 * `DELETE /items/{id}/permissions/{permId}`, the anonymous link itself, and the shares API that reads through it.
 *
 * As in production, `link.webUrl` (`https://1drv.ms/...` there) opens a viewer page (HTML), never the bytes. A
 * browser without a token gets the bytes from the shares API of personal accounts (api.onedrive.com/v1.0, which
 * this server also plays): `GET /v1.0/shares/{u!encodedSharingUrl}/root/content` (or `/driveItem/content`)
 * answers 302 to a pre-authenticated download URL serving the bytes with Range and CORS. A revoked link answers
 * 404, an expired one 403, as OneDrive does.
 */
const CREATE_KEYS = new Set(['type', 'scope', 'expirationDateTime', 'password', 'retainInheritedPermissions']);

interface PublicArgs {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: MediaStore;
  error: GraphError;
  baseUrl: string;
  /** A fresh pre-authenticated download URL for the item (as `@microsoft.graph.downloadUrl`). */
  downloadUrl: (node: StoredNode) => string;
}

type Resolved = { node: StoredNode; permission: Permission } | 'not_found' | 'expired';

function answerUnusable(a: PublicArgs, found: Resolved): found is 'not_found' | 'expired' {
  if (found === 'not_found') a.error(404, 'itemNotFound', 'The sharing link no longer exists.');
  else if (found === 'expired') a.error(403, 'accessDenied', 'The sharing link has expired.');
  return typeof found === 'string';
}

/** `/_share/{token}`: the webUrl of an anonymous link, a viewer page for people, not the file. */
export function handleSharedLink(a: PublicArgs): boolean {
  const m = /^\/_share\/([\w-]+)$/.exec(a.url.pathname);
  if (!m) return false;
  if (a.req.method !== 'GET' && a.req.method !== 'HEAD') {
    a.error(405, 'invalidRequest', 'Shared links are read-only.');
    return true;
  }
  const found = a.store.resolveShare(m[1] as string);
  if (answerUnusable(a, found)) return true;
  const name = found.node.name.replace(/[<>&"']/g, '');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${name} - OneDrive</title></head><body><main id="viewer" data-item="${found.node.id}"><h1>${name}</h1><p>Shared with you on OneDrive.</p></main></body></html>`;
  a.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  a.res.end(a.req.method === 'HEAD' ? undefined : html);
  return true;
}

/** `/v1.0/shares/{token}/(root|driveItem)/content` without a bearer token (personal accounts, api.onedrive.com). */
export function handleSharedContent(a: PublicArgs): boolean {
  const m = /^\/v1\.0\/shares\/([^/]+)\/(?:root|driveItem)\/content$/.exec(a.url.pathname);
  if (!m) return false;
  if (a.req.method !== 'GET' && a.req.method !== 'HEAD') {
    a.error(405, 'invalidRequest', `${a.req.method} is not supported here.`);
    return true;
  }
  let sharingUrl: URL;
  try {
    sharingUrl = new URL(decodeSharingToken(decodeURIComponent(m[1] as string)));
  } catch (e) {
    a.error(400, 'invalidRequest', `The share id is not a valid encoded sharing URL: ${(e as Error).message}`);
    return true;
  }
  const token = sharingUrl.origin === a.baseUrl ? /^\/_share\/([\w-]+)$/.exec(sharingUrl.pathname)?.[1] : undefined;
  const found: Resolved = token ? a.store.resolveShare(token) : 'not_found';
  if (answerUnusable(a, found)) return true;
  if (found.node.folder) {
    a.error(400, 'invalidRequest', 'Folders have no content.');
    return true;
  }
  a.res.writeHead(302, { Location: a.downloadUrl(found.node) });
  a.res.end();
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
    // The documented form yyyy-MM-ddTHH:mm:ssZ (driveitem-createlink, request body).
    ...(p.expiresAt !== null
      ? { expirationDateTime: new Date(p.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') }
      : {}),
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
  if (a.sub !== '/createLink' || a.method !== 'POST')
    return a.error(405, 'invalidRequest', `${a.method} is not supported here.`);
  const type = (a.req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/json') return a.error(400, 'invalidRequest', 'Content-Type must be application/json.');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.body?.toString('utf8') ?? '');
  } catch {
    return a.error(400, 'invalidRequest', 'The request body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return a.error(400, 'invalidRequest', 'The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !CREATE_KEYS.has(k));
  if (unknown.length) return a.error(400, 'invalidRequest', `Unknown property '${unknown[0]}' in createLink.`);
  if (!['view', 'edit', 'embed'].includes(body.type as string))
    return a.error(400, 'invalidRequest', "type must be 'view', 'edit' or 'embed'.");
  if (body.type !== 'view' || body.scope !== 'anonymous') {
    return a.error(400, 'invalidRequest', 'This contract server supports only type=view, scope=anonymous links.');
  }
  let expiresAt: number | null = null;
  if (body.expirationDateTime !== undefined) {
    expiresAt = typeof body.expirationDateTime === 'string' ? Date.parse(body.expirationDateTime) : Number.NaN;
    if (!Number.isFinite(expiresAt))
      return a.error(400, 'invalidRequest', 'expirationDateTime must be an ISO 8601 date-time.');
    if ((expiresAt as number) <= a.now())
      return a.error(400, 'invalidRequest', 'expirationDateTime must be in the future.');
  }
  // "If a sharing link of the specified type already exists for the app, the existing sharing link will be
  // returned" with 200 (driveitem-createlink): whatever expirationDateTime this request asked for.
  const existing = active.find((p) => p.expiresAt === null || p.expiresAt > a.now());
  if (existing) return sendJson(a.res, 200, view(existing));
  return sendJson(a.res, 201, view(a.store.addPermission(a.node, expiresAt)));
}
