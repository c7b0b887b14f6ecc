import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FaultQueue } from '../contract/faults';
import { applyCors, readBody, sendJson, serveBytes, unknownParams } from '../contract/http';
import { MediaStore, type SeedFile, type StoredNode } from '../contract/media-store';
import { DeltaTokens } from '../graph/delta';
import { Authority } from '../identity/authority';
import { handleIdentity } from '../identity/routes';
import { freePort } from '../ports';
import { renderThumbnail } from '../contract/thumbnails';
import { type FieldTree, parseFields, project, type Schema, unknownFields } from './fields';
import { CHANGES_SCHEMA, FILE_SCHEMA, type FileContext, LIST_SCHEMA, toDriveFile } from './files';
import { ABOUT_SCHEMA, aboutResource } from './about';
import { filePermissions } from './sharing';
import { type ApiKey, checkApiKey, resourceKeysOf } from './api-key';
import {
  ClientWindow,
  DEFAULT_PUBLIC_LINK_RULES,
  type PublicLinkContext,
  type PublicLinkRules,
  serveDownload,
  serveThumbnail,
  serveUc,
} from './public-links';
import { FOLDER_MIME, parseQuery, type Predicate } from './query';
import { createDriveUploads } from './upload';

/**
 * A Google Drive API v3 contract server: files.list/get (+ alt=media with Range), changes, permissions
 * and the public download/thumbnail URLs of files shared with "anyone with the link". Strict on
 * `fields` (required, validated), query parameters and `q`. Google's OAuth endpoints share the origin.
 */
export interface DriveServerOptions {
  port?: number;
  files?: SeedFile[];
  accessTtlSec?: number;
  clientIds?: string[];
  now?: () => number;
  /** Browser API keys accepted for anonymous reads (`?key=`); by default the dev key, unrestricted. */
  apiKeys?: ApiKey[];
  /** Virus-scan size and thumbnail rate limit of the public link forms. */
  publicLinks?: Partial<PublicLinkRules>;
  /**
   * Bytes the account may hold (About.storageQuota.limit); an upload past it gets 403 storageQuotaExceeded.
   * Default unlimited: then `limit` is absent, as for a real unlimited account.
   */
  quotaBytes?: number | null;
}

/** The dev stack's Drive browser API key (wrangler.toml DRIVE_API_KEY); real keys come from a Cloud project. */
export const DEV_DRIVE_API_KEY = 'hypomos-dev-drive-api-key';

export interface DriveServer {
  url: string;
  port: number;
  /** The drive.usercontent.google.com stand-in that `/uc` redirects to: another host name and port. */
  downloadUrl: string;
  /** Requests `/uc` and the download host refused as coming from another site (`Sec-Fetch-Site`), oldest first. */
  refusedCrossSite: { url: string; secFetchSite: string }[];
  store: MediaStore;
  faults: FaultQueue;
  authority: Authority;
  addFile: (file: SeedFile) => StoredNode;
  /** Resumable upload sessions (upload.ts); tests expire them. */
  uploads: ReturnType<typeof createDriveUploads>;
  setQuotaBytes: (bytes: number | null) => void;
  /** A shared drive; put files in it with `store.addFile(file, drive.id)`. */
  addSharedDrive: (name: string) => StoredNode;
  /**
   * Every files.list page token issued so far is rejected from now on (400 invalid pageToken), as Drive may do:
   * "typically valid for several hours … if the token is rejected for any reason" (FileList.nextPageToken).
   */
  expirePageTokens: () => void;
  /**
   * The file was link-shared before 2021-09-13: anonymous reads need `X-Goog-Drive-Resource-Keys: ID/KEY`, and
   * files.get reports `resourceKey`. Returns the key.
   */
  requireResourceKey: (id: string) => string;
  close: () => Promise<void>;
}

export type DriveError = (status: number, reason: string, message: string, headers?: Record<string, string>) => void;

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  410: 'GONE',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};
const FAULT_MESSAGES: Record<string, string> = {
  // rclone#2652: a heavily downloaded file answers this for about 24 h.
  downloadQuotaExceeded: 'The download quota for this file has been exceeded.',
};
const FAULT_REASONS: Record<number, string> = {
  401: 'authError',
  403: 'userRateLimitExceeded',
  410: 'deleted',
  429: 'rateLimitExceeded',
  500: 'backendError',
  503: 'backendError',
};

export async function startDriveServer(opts: DriveServerOptions = {}): Promise<DriveServer> {
  const now = opts.now ?? Date.now;
  const store = new MediaStore(() => `1${randomBytes(24).toString('base64url').slice(0, 32)}`, now);
  const faults = new FaultQueue();
  const authority = new Authority({
    flavor: 'google',
    accessTtlSec: opts.accessTtlSec,
    clientIds: opts.clientIds,
    now,
  });
  const tokens = new DeltaTokens(randomBytes(4).toString('hex'));
  /** files.list page tokens of listings started before this change sequence are rejected. */
  let listTokensFrom = 0;
  const thumbKeys = new Map<string, { id: string; expiresAt: number }>();
  const resourceKeys = new Map<string, string>();
  const apiKeys = opts.apiKeys ?? [{ key: DEV_DRIVE_API_KEY }];
  const rules: PublicLinkRules = { ...DEFAULT_PUBLIC_LINK_RULES, ...opts.publicLinks };
  const thumbnailWindow = new ClientWindow(rules.thumbnailLimit);
  const refused: { url: string; secFetchSite: string }[] = [];
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const downloadPort = await freePort();
  // Another host name as well as another port: drive.usercontent.google.com is not drive.google.com.
  const downloadUrl = `http://localhost:${downloadPort}`;
  const ctx: FileContext = {
    baseUrl,
    resourceKey: (node) => resourceKeys.get(node.id) ?? null,
    thumbnailLink: (node) => {
      const key = randomBytes(18).toString('base64url');
      thumbKeys.set(key, { id: node.id, expiresAt: now() + 3600_000 });
      return `${baseUrl}/_thumb/${key}=s220`;
    },
  };
  for (const file of opts.files ?? []) store.addFile(file);
  let quotaBytes = opts.quotaBytes ?? null;
  const uploads = createDriveUploads({
    store,
    baseUrl,
    now,
    quotaBytes: () => quotaBytes,
    toFile: (node) => toDriveFile(ctx, node, store.rootId, store.sharedDriveOf(node)),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const error: DriveError = (status, reason, message, headers = {}) => {
      const domain = /RateLimit|rateLimit|QuotaExceeded/.test(reason) ? 'usageLimits' : 'global';
      sendJson(
        res,
        status,
        {
          error: { code: status, message, errors: [{ message, domain, reason }], status: STATUS[status] ?? 'UNKNOWN' },
        },
        headers,
      );
    };
    /** Drive's answer to a page token it does not accept (unknown, from another run, or expired). */
    const invalidPageToken = () =>
      sendJson(res, 400, {
        error: {
          code: 400,
          message: 'Invalid Value',
          errors: [
            {
              domain: 'global',
              reason: 'invalid',
              message: 'Invalid Value',
              locationType: 'parameter',
              location: 'pageToken',
            },
          ],
          status: 'INVALID_ARGUMENT',
        },
      });
    const links: PublicLinkContext = { req, res, url, store, faults, rules, now, refused };
    // The public link forms answer before CORS is applied: the download host sends none (see public-links.ts).
    if (url.pathname === '/uc') return serveUc(links, downloadUrl);
    if (url.pathname === '/thumbnail') return serveThumbnail(links, thumbnailWindow);
    if (applyCors(req, res)) return;
    if (await handleIdentity(authority, req, res, url)) return;
    const fault = faults.take(method, url.pathname + url.search, 'status');
    if (fault?.status) {
      const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
      // An unread upload body would break the connection before the client reads the answer.
      if (url.pathname.startsWith('/upload/')) for await (const _ of req);
      return error(
        fault.status,
        fault.reason ?? FAULT_REASONS[fault.status] ?? 'backendError',
        (fault.reason && FAULT_MESSAGES[fault.reason]) ?? `Injected fault ${fault.status}`,
        headers,
      );
    }
    const thumb = /^\/_thumb\/([\w-]+)=s(\d+)$/.exec(url.pathname);
    if (thumb) {
      const grant = thumbKeys.get(thumb[1] as string);
      const node = grant && grant.expiresAt > now() ? store.get(grant.id) : undefined;
      // "If the file isn't shared publicly, the URL returned in Files.thumbnailLink must be fetched using a
      // credentialed request" (File.thumbnailLink, Drive v3 discovery document).
      const isPublic = node?.permissions.some((p) => !p.revoked);
      if (node && !isPublic && authority.check(req.headers.authorization) !== 'ok')
        return error(
          401,
          'authError',
          'This thumbnail link needs a credentialed request: the file is not shared publicly.',
        );
      const rendered = node ? await renderThumbnail(node, Math.min(Number(thumb[2]), 1600)) : null;
      if (!rendered) return error(404, 'notFound', 'Thumbnail link is invalid or expired.');
      return serveBytes(req, res, rendered.bytes, { contentType: 'image/jpeg' });
    }
    // The session URI carries the upload_id, which is the credential; the token may come along (same host).
    if (url.pathname === '/upload/drive/v3/files' && url.searchParams.has('upload_id'))
      return uploads.handle(req, res, url, error);
    if (!url.pathname.startsWith('/drive/v3/') && url.pathname !== '/upload/drive/v3/files')
      return error(404, 'notFound', `Not found: ${url.pathname}`);
    const route = url.pathname.slice('/drive/v3'.length);
    const allowOnly = (names: string[]) => {
      const bad = unknownParams(url, names);
      if (bad.length) error(400, 'invalidParameter', `Invalid parameter(s): ${bad.join(', ')}`);
      return bad.length === 0;
    };
    const fieldsFor = (schema: Schema, required = true): FieldTree | null | false => {
      const raw = url.searchParams.get('fields');
      if (raw === null) {
        if (required) error(400, 'invalidParameter', 'This contract server requires an explicit fields parameter.');
        return required ? false : null;
      }
      try {
        const tree = parseFields(raw);
        const bad = unknownFields(tree, schema);
        if (bad.length) error(400, 'invalidParameter', `Invalid field selection ${bad[0]}`);
        return bad.length ? false : tree;
      } catch (e) {
        error(400, 'invalidParameter', (e as Error).message);
        return false;
      }
    };
    const send = (body: Record<string, unknown>, tree: FieldTree | null) =>
      sendJson(res, 200, tree ? project(body, tree) : body);
    const file = (n: StoredNode) => toDriveFile(ctx, n, store.rootId, store.sharedDriveOf(n));
    // Shared drives: items show up only for apps that say they support them (supportsAllDrives) and ask for them
    // (includeItemsFromAllDrives), per the files.list and changes.list parameters in the discovery document.
    const supportsAll = url.searchParams.get('supportsAllDrives') === 'true';
    const allDrives = supportsAll && url.searchParams.get('includeItemsFromAllDrives') === 'true';
    const inShared = (n: StoredNode) => n.sharedDriveRoot === true || store.sharedDriveOf(n) !== null;

    /**
     * Reads without OAuth: only with a project's API key, only files.get (metadata or alt=media), only files shared
     * with "anyone with the link" (developers.google.com/workspace/drive/api/guides/query-parameters). CORS and Range
     * as for every API answer, so a viewer page on another site can `fetch()` and `<img>` them.
     */
    function anonymous() {
      const key = url.searchParams.get('key');
      if (key === null)
        return error(
          403,
          'forbidden',
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        );
      const verdict = checkApiKey(apiKeys, key, req);
      if (!verdict.ok)
        return sendJson(res, verdict.status, {
          error: {
            code: verdict.status,
            message: verdict.message,
            errors: [{ message: verdict.message, domain: 'global', reason: verdict.reason }],
            status: STATUS[verdict.status],
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: verdict.info,
                domain: 'googleapis.com',
                metadata: { service: 'drive.googleapis.com' },
              },
            ],
          },
        });
      const fileRoute = /^\/files\/([\w-]+)$/.exec(route);
      if (!fileRoute || method !== 'GET')
        return error(401, 'required', 'Login Required.', {
          'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"',
        });
      if (!allowOnly(['fields', 'alt', 'acknowledgeAbuse', 'supportsAllDrives', 'key'])) return;
      const id = fileRoute[1] as string;
      const node = store.get(id);
      const open = node && !node.deleted && !node.trashed && node.permissions.some((p) => !p.revoked);
      // "If the resource key isn't supplied, the request fails" for files that need one (resource-keys guide): to
      // someone without access the file does not exist, so the answer is Drive's usual notFound.
      const needed = resourceKeys.get(id);
      if (!node || !open || (needed !== undefined && resourceKeysOf(req).get(id) !== needed))
        return error(404, 'notFound', `File not found: ${id}.`);
      if (url.searchParams.get('alt') === 'media') {
        if (node.folder || !node.content)
          return error(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded.');
        const reset = faults.take(method, url.pathname + url.search, 'reset');
        return serveBytes(req, res, node.content, { contentType: node.mimeType, etag: `"${node.md5}"`, reset });
      }
      const tree = fieldsFor(FILE_SCHEMA);
      if (tree === false) return;
      return send(file(node), tree);
    }

    if (req.headers.authorization === undefined) return anonymous();
    const auth = authority.check(req.headers.authorization);
    if (auth !== 'ok') {
      return error(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', {
        'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      });
    }

    if (url.pathname === '/upload/drive/v3/files' && method === 'POST') {
      if (!allowOnly(['uploadType', 'fields', 'supportsAllDrives'])) return;
      return uploads.initiate(req, res, url, error);
    }
    if (url.pathname === '/upload/drive/v3/files') return error(405, 'invalid', `${method} is not supported here.`);
    if (route === '/files' && method === 'POST') {
      // files.create without content (https://developers.google.com/drive/api/reference/rest/v3/files/create): a
      // folder when mimeType is the folder type, else an empty file. A taken name is no conflict: Drive makes another.
      if (!allowOnly(['fields', 'supportsAllDrives'])) return;
      const tree = fieldsFor(FILE_SCHEMA, false);
      if (tree === false) return;
      let meta: { name?: unknown; parents?: unknown; mimeType?: unknown };
      try {
        meta = JSON.parse((await readBody(req)).toString('utf8') || '{}');
      } catch {
        return error(400, 'parseError', 'Parse Error');
      }
      const parentRef = Array.isArray(meta.parents) && typeof meta.parents[0] === 'string' ? meta.parents[0] : 'root';
      const parent = store.get(parentRef === 'root' ? store.rootId : parentRef);
      if (!parent?.folder) return error(404, 'notFound', `File not found: ${parentRef}.`);
      const name = typeof meta.name === 'string' && meta.name ? meta.name : 'Untitled';
      const mimeType = typeof meta.mimeType === 'string' ? meta.mimeType : 'application/octet-stream';
      const created = store.addChild(
        parent.id,
        name,
        mimeType === FOLDER_MIME ? undefined : { bytes: Buffer.alloc(0), mimeType },
      );
      // Without `fields` files.create answers kind, id, name and mimeType.
      return send(file(created), tree ?? parseFields('kind,id,name,mimeType'));
    }
    if (route === '/files' && method === 'GET') {
      if (
        !allowOnly([
          'q',
          'fields',
          'pageSize',
          'pageToken',
          'spaces',
          'corpora',
          'supportsAllDrives',
          'includeItemsFromAllDrives',
          'driveId',
        ])
      )
        return;
      const tree = fieldsFor(LIST_SCHEMA);
      const corpora = url.searchParams.get('corpora') ?? 'user';
      if (!['user', 'drive', 'allDrives'].includes(corpora))
        return error(400, 'invalidParameter', `Unsupported corpora '${corpora}'.`);
      const listed = (n: StoredNode) => {
        if (n.sharedDriveRoot) return false;
        const d = store.sharedDriveOf(n);
        if (d === null) return corpora !== 'drive';
        return allDrives && (corpora === 'allDrives' || url.searchParams.get('driveId') === d);
      };
      if (tree === false) return;
      let predicate: Predicate = (n) => !n.trashed;
      const q = url.searchParams.get('q');
      try {
        if (q) predicate = parseQuery(q, store.rootId);
      } catch (e) {
        return error(400, 'invalid', `Invalid Value: ${(e as Error).message}`);
      }
      const pageSize = clampedPageSize(url);
      if (pageSize === null) return error(400, 'invalidParameter', 'pageSize must be 1-1000');
      const rawToken = url.searchParams.get('pageToken');
      const token =
        rawToken === null ? { kind: 'list' as const, snapshot: store.seq, after: 0 } : tokens.decode(rawToken);
      // An unknown or expired page token: Drive's answer to a rejected token is 400 "Invalid Value".
      if (token?.kind !== 'list' || token.snapshot < listTokensFrom) return invalidPageToken();
      const rest = store
        .live(true)
        .filter((n) => n.id !== store.rootId && n.createdSeq > token.after && listed(n) && predicate(n));
      const page = rest.slice(0, pageSize);
      const last = page.at(-1);
      const body: Record<string, unknown> = { kind: 'drive#fileList', incompleteSearch: false, files: page.map(file) };
      if (last && rest.length > pageSize) body.nextPageToken = tokens.encode({ ...token, after: last.createdSeq });
      return send(body, tree);
    }
    if (route === '/about' && method === 'GET') {
      // about.get (https://developers.google.com/drive/api/reference/rest/v3/about/get): `fields` is required.
      if (!allowOnly(['fields'])) return;
      if (url.searchParams.get('fields') === null)
        return error(400, 'required', "The 'fields' parameter is required for this method.");
      const tree = fieldsFor(ABOUT_SCHEMA);
      if (tree === false) return;
      return send(aboutResource(store, quotaBytes), tree);
    }
    if (route === '/changes/startPageToken' && method === 'GET') {
      if (!allowOnly(['fields', 'supportsAllDrives'])) return;
      return sendJson(res, 200, { kind: 'drive#startPageToken', startPageToken: tokens.checkpoint(store.seq) });
    }
    if (route === '/changes' && method === 'GET') {
      const allowed = [
        'pageToken',
        'fields',
        'pageSize',
        'includeRemoved',
        'spaces',
        'restrictToMyDrive',
        'supportsAllDrives',
        'includeItemsFromAllDrives',
      ];
      if (!allowOnly(allowed)) return;
      const tree = fieldsFor(CHANGES_SCHEMA);
      if (tree === false) return;
      const raw = url.searchParams.get('pageToken');
      if (raw === null) return error(400, 'required', 'Required parameter: pageToken');
      let token = tokens.decode(raw);
      if (token?.kind !== 'delta') return invalidPageToken();
      if (token.upTo === -1 >>> 0) token = { ...token, upTo: store.seq };
      // No 410 for old change tokens: "The page token doesn't expire" (ChangeList.nextPageToken and
      // newStartPageToken, discovery document). The whole change history is kept.
      const pageSize = clampedPageSize(url);
      if (pageSize === null) return error(400, 'invalidParameter', 'pageSize must be 1-1000');
      const includeRemoved = url.searchParams.get('includeRemoved') !== 'false';
      const after = token.after;
      const rest = store
        .changedBetween(token.from, token.upTo)
        .filter(
          (n) =>
            n.seq > after && n.id !== store.rootId && (includeRemoved || !n.deleted) && (allDrives || !inShared(n)),
        );
      const page = rest.slice(0, pageSize);
      const last = page.at(-1);
      const body: Record<string, unknown> = {
        kind: 'drive#changeList',
        changes: page.map((n) =>
          // Change.changeType: "Possible values are file and drive"; a drive entry names the shared drive.
          n.sharedDriveRoot
            ? {
                kind: 'drive#change',
                changeType: 'drive',
                time: new Date(n.modifiedAt).toISOString(),
                removed: n.deleted,
                driveId: n.id,
                ...(n.deleted ? {} : { drive: { kind: 'drive#drive', id: n.id, name: n.name } }),
              }
            : {
                kind: 'drive#change',
                changeType: 'file',
                time: new Date(n.modifiedAt).toISOString(),
                removed: n.deleted,
                fileId: n.id,
                ...(store.sharedDriveOf(n) ? { driveId: store.sharedDriveOf(n) } : {}),
                ...(n.deleted ? {} : { file: file(n) }),
              },
        ),
      };
      if (last && rest.length > pageSize) body.nextPageToken = tokens.encode({ ...token, after: last.seq });
      else body.newStartPageToken = tokens.checkpoint(token.upTo);
      return send(body, tree);
    }
    const fileRoute = /^\/files\/([\w-]+)(\/permissions(?:\/([\w-]+))?)?$/.exec(route);
    if (!fileRoute) return error(404, 'notFound', `Unsupported request: ${method} ${route}`);
    const node = store.get(fileRoute[1] === 'root' ? store.rootId : (fileRoute[1] as string));
    // Without supportsAllDrives=true an app does not see shared-drive items at all.
    if (!node || (inShared(node) && !supportsAll)) return error(404, 'notFound', `File not found: ${fileRoute[1]}.`);
    if (fileRoute[2]) {
      if (!allowOnly(['fields', 'sendNotificationEmail', 'supportsAllDrives'])) return;
      return filePermissions({
        req,
        res,
        node,
        store,
        error,
        method,
        permissionId: fileRoute[3] ?? null,
        body: method === 'POST' ? await readBody(req) : null,
      });
    }
    if (method === 'PATCH') {
      // files.update (https://developers.google.com/drive/api/reference/rest/v3/files/update), its metadata-only
      // form: of the body this server knows only `trashed`, "Whether the file has been trashed, either explicitly or
      // from a trashed parent folder"; a trashed file stays readable to its owner by id and shows `trashed: true`,
      // and the change feed reports it (not `removed`). Setting it false brings the file back under its id.
      if (!allowOnly(['fields', 'supportsAllDrives'])) return;
      const tree = fieldsFor(FILE_SCHEMA, false);
      if (tree === false) return;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
      } catch {
        return error(400, 'parseError', 'Parse Error');
      }
      const unknownFields = Object.keys(body).filter((k) => k !== 'trashed');
      if (unknownFields.length)
        return error(400, 'invalid', `This server only updates trashed, not ${unknownFields[0]}.`);
      if (node.id === store.rootId) return error(403, 'insufficientFilePermissions', 'The root cannot be trashed.');
      if (body.trashed === true && !node.trashed) store.trash(node.id);
      if (body.trashed === false && node.trashed) store.restore(node.id);
      return send(file(node), tree ?? parseFields('kind,id,name,mimeType'));
    }
    if (method !== 'GET') return error(405, 'invalid', `${method} is not supported here.`);
    if (!allowOnly(['fields', 'alt', 'acknowledgeAbuse', 'supportsAllDrives'])) return;
    const alt = url.searchParams.get('alt');
    if (alt === 'media') {
      if (node.folder || !node.content)
        return error(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded.');
      const reset = faults.take(method, url.pathname + url.search, 'reset');
      return serveBytes(req, res, node.content, { contentType: node.mimeType, etag: `"${node.md5}"`, reset });
    }
    if (alt !== null && alt !== 'json') return error(400, 'invalidParameter', `Invalid alt '${alt}'`);
    const tree = fieldsFor(FILE_SCHEMA);
    if (tree === false) return;
    return send(file(node), tree);
  };

  /** pageSize 1-1000 is accepted; above 100 Drive answers at most 100 (see README, "knowingly differ"). */
  function clampedPageSize(url: URL): number | null {
    const pageSize = Number(url.searchParams.get('pageSize') ?? '100');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return null;
    return Math.min(pageSize, 100);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(e), status: 'INTERNAL' } });
      else res.destroy();
    });
  });
  const download = createServer((req, res) => {
    const url = new URL(req.url ?? '/', downloadUrl);
    serveDownload({ req, res, url, store, faults, rules, now, refused });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => download.listen(downloadPort, '127.0.0.1', resolve));
  return {
    url: baseUrl,
    port,
    downloadUrl,
    refusedCrossSite: refused,
    store,
    faults,
    authority,
    addFile: (f) => store.addFile(f),
    uploads,
    setQuotaBytes: (bytes) => {
      quotaBytes = bytes;
    },
    addSharedDrive: (name) => store.addSharedDrive(name),
    expirePageTokens: () => {
      listTokensFrom = ++store.seq;
    },
    requireResourceKey: (id) => {
      const key = resourceKeys.get(id) ?? `0-${randomBytes(16).toString('base64url')}`;
      resourceKeys.set(id, key);
      return key;
    },
    close: async () => {
      for (const s of [server, download]) s.closeAllConnections();
      await Promise.all([server, download].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
