import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../contract/http';
import type { MediaStore, StoredNode } from '../contract/media-store';
import type { DriveError } from './server';

/**
 * "Anyone with the link" sharing. Drive has one such permission per file, with the fixed id
 * `anyoneWithLink`; it cannot carry an expirationTime (only user/group permissions can), so the owner's
 * client has to delete it on expiry. While it exists, the public link forms (public-links.ts) and anonymous API reads
 * with a key serve the file; afterwards they answer 404.
 */
export const ANYONE_ID = 'anyoneWithLink';

interface PermissionArgs {
  req: IncomingMessage;
  res: ServerResponse;
  node: StoredNode;
  store: MediaStore;
  error: DriveError;
  method: string;
  permissionId: string | null;
  body: Buffer | null;
}

const CREATE_KEYS = new Set(['role', 'type', 'allowFileDiscovery']);
const view = () => ({
  kind: 'drive#permission',
  id: ANYONE_ID,
  type: 'anyone',
  role: 'reader',
  allowFileDiscovery: false,
});

export function filePermissions(a: PermissionArgs) {
  const active = a.node.permissions.filter((p) => !p.revoked);
  if (a.method === 'DELETE' && a.permissionId) {
    if (a.permissionId !== ANYONE_ID || active.length === 0)
      return a.error(404, 'notFound', `Permission not found: ${a.permissionId}.`);
    for (const p of active) p.revoked = true;
    a.res.writeHead(204);
    return a.res.end();
  }
  if (a.method === 'GET' && !a.permissionId)
    return sendJson(a.res, 200, { kind: 'drive#permissionList', permissions: active.length ? [view()] : [] });
  if (a.method !== 'POST' || a.permissionId) return a.error(405, 'invalid', `${a.method} is not supported here.`);
  if ((a.req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/json') {
    return a.error(400, 'badContent', 'Content-Type must be application/json.');
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.body?.toString('utf8') ?? '');
  } catch {
    return a.error(400, 'parseError', 'Parse Error');
  }
  if ('expirationTime' in body)
    return a.error(400, 'invalidSharingRequest', 'Expiration dates cannot be set on anyone permissions.');
  const unknown = Object.keys(body).filter((k) => !CREATE_KEYS.has(k));
  if (unknown.length) return a.error(400, 'invalidParameter', `Unknown permission field '${unknown[0]}'.`);
  if (body.type !== 'anyone' || body.role !== 'reader') {
    return a.error(400, 'invalidSharingRequest', 'This contract server supports only {role:"reader", type:"anyone"}.');
  }
  if (active.length === 0) a.store.addPermission(a.node, null);
  return sendJson(a.res, 200, view());
}
