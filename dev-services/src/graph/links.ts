import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../contract/http';
import type { MediaStore, Permission, StoredNode } from '../contract/media-store';
import type { GraphError } from './server';

/**
 * Sharing links: `POST /items/{id}/createLink`, `GET /items/{id}/permissions`,
 * `DELETE /items/{id}/permissions/{permId}`, and what a browser without a token gets from each link form.
 * Sources: ../../../../shared/REAL-SERVICES.md, "OneDrive personal" and "OneDrive for Business".
 *
 * Hosts (stand-ins): the API origin plays graph.microsoft.com, api.onedrive.com and OneDrive personal's link pages
 * (1drv.ms, onedrive.live.com); `contentUrl` (another host name) plays my.microsoftpersonalcontent.com for a
 * personal drive or TENANT-my.sharepoint.com for Business; download bytes come from the media host (*.files.1drv.com).
 * Link pages and content forms send no CORS headers: whether the real ones do is unknown, so none is assumed.
 */
const CREATE_KEYS = new Set(['type', 'scope', 'expirationDateTime', 'password', 'retainInheritedPermissions']);

export interface LinkHosts {
  driveType: 'personal' | 'business';
  baseUrl: string;
  contentUrl: string;
  /** Personal: the account's cid (the drive id), as in `1drv.ms/i/c/{cid}/{token}`. */
  cid: string;
  /** Business: the owner's personal-site segment, as in `/personal/{user}/`. */
  businessUser: string;
  /** Business: whether the tenant allows "Anyone" links (an administrator can disable them). */
  allowAnonymousLinks: boolean;
}

interface PublicArgs {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: MediaStore;
  error: GraphError;
  hosts: LinkHosts;
  /** A fresh pre-authenticated download URL for the item, on the given origin. */
  bytesUrl: (node: StoredNode, origin?: string) => string;
}

const letterOf = (node: StoredNode) =>
  node.mimeType?.startsWith('image/') ? 'i' : node.mimeType?.startsWith('video/') ? 'v' : 'u';

/** The webUrl of a link, in the form of its drive type. */
export function linkUrl(hosts: LinkHosts, node: StoredNode, p: Permission): string {
  // The `e` parameter of real links is opaque; a stable stand-in.
  const e = p.id.slice(0, 6);
  if (p.type === 'embed')
    return `${hosts.baseUrl}/embed?cid=${hosts.cid.toUpperCase()}&resid=${encodeURIComponent(node.id)}&authkey=!${p.token}`;
  // New-format personal share links: https://1drv.ms/{i|u|…}/c/{cid}/{token}?e=… (rclone/rclone#7898).
  if (hosts.driveType === 'personal') return `${hosts.baseUrl}/${letterOf(node)}/c/${hosts.cid}/${p.token}?e=${e}`;
  // Business "Anyone" links: https://TENANT-my.sharepoint.com/:i:/g/personal/USER/TOKEN?e=… (rclone PR #2626).
  return `${hosts.contentUrl}/:${letterOf(node)}:/g/personal/${hosts.businessUser}/${p.token}?e=${e}`;
}

type Resolved = { node: StoredNode; permission: Permission } | 'not_found' | 'expired';

function resolve(a: PublicArgs, token: string | null | undefined, type: Permission['type']): Resolved | null {
  const found: Resolved = token ? a.store.resolveShare(token) : 'not_found';
  if (typeof found !== 'string' && found.permission.type !== type) return answer(a, 'not_found');
  return answer(a, found);
}

/** Answers an unusable link (revoked → 404, expired → 403, as OneDrive does) and returns null; else the link. */
function answer(a: PublicArgs, found: Resolved): Resolved | null {
  if (found === 'not_found') a.error(404, 'itemNotFound', 'The sharing link no longer exists.');
  else if (found === 'expired') a.error(403, 'accessDenied', 'The sharing link has expired.');
  else if (found.node.folder) a.error(400, 'invalidRequest', 'Folders have no content.');
  else return found;
  return null;
}

function readOnly(a: PublicArgs): boolean {
  if (a.req.method === 'GET' || a.req.method === 'HEAD') return true;
  a.error(405, 'invalidRequest', 'Shared links are read-only.');
  return false;
}

/** A link's webUrl opens a viewer page for people (HTML), never the file. */
function viewerPage(a: PublicArgs, node: StoredNode) {
  const name = node.name.replace(/[<>&"']/g, '');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${name} - OneDrive</title></head><body><main id="viewer" data-item="${node.id}"><h1>${name}</h1><p>Shared with you on OneDrive.</p></main></body></html>`;
  a.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  a.res.end(a.req.method === 'HEAD' ? undefined : html);
}

function redirect(a: PublicArgs, location: string) {
  a.res.writeHead(302, { Location: location });
  a.res.end();
}

/**
 * The anonymous shares API (`/v1.0/shares/u!…`, api.onedrive.com): 401 `unauthenticated` without a bearer token.
 * Personal accounts on Microsoft's new storage platform get this since 2024 (felixrieseberg/onedrive-link#1,
 * Mapaler/GetOneDriveDirectLink#16 and #17); Business never served it anonymously (Graph shares-get: "always
 * requires authentication").
 */
export function handleAnonymousShares(a: PublicArgs): boolean {
  if (!a.url.pathname.startsWith('/v1.0/shares/') || a.req.headers.authorization) return false;
  a.error(401, 'unauthenticated', 'Unauthenticated');
  return true;
}

/** The API origin's link pages: personal view links (viewer page) and embed links. */
export function handleLinkPage(a: PublicArgs): boolean {
  const { hosts } = a;
  const view = /^\/[a-z]\/c\/([0-9a-f]+)\/([\w-]+)$/.exec(a.url.pathname);
  if (view && hosts.driveType === 'personal') {
    if (!readOnly(a)) return true;
    const found = resolve(a, view[1] === hosts.cid ? view[2] : null, 'view');
    if (found && typeof found !== 'string') viewerPage(a, found.node);
    return true;
  }
  if (a.url.pathname === '/embed' && hosts.driveType === 'personal') {
    if (!readOnly(a)) return true;
    const q = a.url.searchParams;
    const token = q.get('cid')?.toLowerCase() === hosts.cid ? q.get('authkey')?.replace(/^!/, '') : null;
    const found = resolve(a, token, 'embed');
    if (!found || typeof found === 'string') return true;
    if (found.node.id !== q.get('resid')) {
      a.error(404, 'itemNotFound', 'The item could not be found.');
      return true;
    }
    // Other extensions load embed links as <img src> (cyruzzo/AboveVTT PR #2221): images redirect to the bytes on the
    // personal content host. The same project reports video through them stopped working in January 2026: anything
    // else gets the embeddable player page.
    if (found.node.mimeType?.startsWith('image/')) redirect(a, a.bytesUrl(found.node, hosts.contentUrl));
    else viewerPage(a, found.node);
    return true;
  }
  return false;
}

/**
 * The content host's forms (undocumented, reported working anonymously):
 * - personal: `/personal/{cid}/_layouts/15/download.aspx?share={token}` (my.microsoftpersonalcontent.com);
 * - Business: `/personal/{user}/_layouts/52/download.aspx?share={token}`, or the link itself with `download=1`
 *   (rclone PR #2626); without it, the link opens a viewer page.
 * Each redirects to the bytes on the media host, another host name.
 */
export function handleContentForms(a: PublicArgs): boolean {
  const { hosts } = a;
  const layouts = hosts.driveType === 'personal' ? '15' : '52';
  const owner = hosts.driveType === 'personal' ? hosts.cid : hosts.businessUser;
  const aspx = new RegExp(`^/personal/([\\w-]+)/_layouts/${layouts}/download\\.aspx$`).exec(a.url.pathname);
  const link = /^\/:[a-z]:\/g\/personal\/([\w-]+)\/([\w-]+)$/.exec(a.url.pathname);
  if (!aspx && !(link && hosts.driveType === 'business')) return false;
  if (!readOnly(a)) return true;
  const token = (aspx ?? link)?.[1] === owner ? (aspx ? a.url.searchParams.get('share') : link?.[2]) : null;
  const found = resolve(a, token, 'view');
  if (!found || typeof found === 'string') return true;
  if (link && a.url.searchParams.get('download') !== '1') viewerPage(a, found.node);
  else redirect(a, a.bytesUrl(found.node));
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
  hosts: LinkHosts;
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
    link:
      p.type === 'embed'
        ? // driveitem-createlink, "Creating embeddable links": type, webHtml (an IFRAME) and webUrl.
          {
            type: 'embed',
            webHtml: `<IFRAME src="${linkUrl(a.hosts, a.node, p)}" width="98" height="120" frameborder="0" scrolling="no"></IFRAME>`,
            webUrl: linkUrl(a.hosts, a.node, p),
          }
        : { type: 'view', scope: 'anonymous', webUrl: linkUrl(a.hosts, a.node, p) },
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
  const linkType = body.type as Permission['type'] | 'edit';
  if (linkType === 'edit' || (body.scope ?? (linkType === 'embed' ? 'anonymous' : undefined)) !== 'anonymous')
    return a.error(400, 'invalidRequest', 'This contract server makes only anonymous view links and embed links.');
  // "embed: … This option is only available for files in OneDrive personal" (driveitem-createlink, link types;
  // OneDrive/onedrive-api-docs#1013).
  if (linkType === 'embed' && a.hosts.driveType === 'business')
    return a.error(400, 'invalidRequest', 'Embed links are only supported on OneDrive personal.');
  // "Anonymous link support may be disabled by an administrator" (driveitem-createlink, scope anonymous).
  if (a.hosts.driveType === 'business' && !a.hosts.allowAnonymousLinks)
    return a.error(
      403,
      'accessDenied',
      'Anonymous sharing links are disabled by the administrator of this organization.',
    );
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
  const existing = active.find((p) => p.type === linkType && (p.expiresAt === null || p.expiresAt > a.now()));
  if (existing) return sendJson(a.res, 200, view(existing));
  return sendJson(a.res, 201, view(a.store.addPermission(a.node, expiresAt, linkType)));
}
