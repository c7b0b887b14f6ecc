import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaStore, StoredNode } from '../contract/media-store';
import type { GraphError } from './server';

/**
 * Graph resumable upload sessions, as https://learn.microsoft.com/en-us/graph/api/driveitem-createuploadsession
 * documents them ("doc" below, with its section names) and https://learn.microsoft.com/en-us/graph/api/resources/uploadsession
 * ("resource"). Sessions live on the media host: the upload URL is pre-authenticated, another host than the API.
 * Known difference: committing a session explicitly (deferCommit, or PUT with @microsoft.graph.sourceUrl after a
 * failed completion) is not implemented; after a 409/507 on the last fragment that fragment may be sent again.
 */
const KIB_320 = 320 * 1024;
const MAX_FRAGMENT = 60 * 1024 * 1024;
/** doc: the session's expirationDateTime; the example shows a few days, we keep one hour unless told. */
const SESSION_TTL_MS = 3600_000;

export type ConflictBehavior = 'fail' | 'replace' | 'rename';

interface Session {
  id: string;
  parentId: string;
  name: string;
  conflict: ConflictBehavior;
  size: number | null;
  received: Buffer[];
  offset: number;
  expiresAt: number;
  mimeType: string;
}

export interface UploadSessionDeps {
  store: MediaStore;
  mediaUrl: string;
  now: () => number;
  /** Bytes the drive may hold in all; null = unlimited. */
  quotaBytes: () => number | null;
  toDriveItem: (node: StoredNode) => Record<string, unknown>;
  ttlMs?: number;
}

export function createUploadSessions(deps: UploadSessionDeps) {
  const sessions = new Map<string, Session>();
  // Recycle-bin items count toward the quota too (quota.ts).
  const overQuota = (extra: number) => {
    const quota = deps.quotaBytes();
    return quota !== null && deps.store.usage().used + extra > quota;
  };
  const iso = (t: number) => new Date(t).toISOString();
  // resource: ranges are "start-end", zero-indexed; the 202 example of doc shows an open end ("26-").
  const status = (s: Session) => ({ expirationDateTime: iso(s.expiresAt), nextExpectedRanges: [`${s.offset}-`] });
  // resource: "Each fragment uploaded during the session extends the expiration time."
  const extend = (s: Session) => {
    s.expiresAt = deps.now() + (deps.ttlMs ?? SESSION_TTL_MS);
  };
  const quotaError = (error: GraphError) =>
    // doc ("Handle upload errors") and https://learn.microsoft.com/en-us/graph/errors: 507 Insufficient Storage, quotaLimitReached.
    error(507, 'quotaLimitReached', 'Insufficient Storage: the maximum storage quota has been reached.');

  /** A name free in `parentId`: OneDrive's rename appends " 1", " 2"… before the extension. */
  const freeName = (parentId: string, name: string) => {
    const taken = new Set(
      deps.store
        .live()
        .filter((n) => n.parentId === parentId)
        .map((n) => n.name.toLowerCase()),
    );
    if (!taken.has(name.toLowerCase())) return name;
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let i = 1; ; i++) if (!taken.has(`${stem} ${i}${ext}`.toLowerCase())) return `${stem} ${i}${ext}`;
  };
  const existing = (parentId: string, name: string) =>
    deps.store.live().find((n) => n.parentId === parentId && n.name.toLowerCase() === name.toLowerCase());

  return {
    /** POST …:/{filename}:/createUploadSession with the parent folder (created when missing, as a PUT by path does). */
    create(parentPath: string, name: string, body: Buffer, error: GraphError, res: ServerResponse, sendJson: SendJson) {
      let parsed: { item?: Record<string, unknown> } = {};
      try {
        parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return error(400, 'invalidRequest', 'The request body is not JSON.');
      }
      const item = parsed.item ?? {};
      const conflict = (item['@microsoft.graph.conflictBehavior'] ?? 'replace') as string;
      // doc: "conflictBehavior … fail, replace, or rename. The default for PUT is replace."
      if (!['fail', 'replace', 'rename'].includes(conflict))
        return error(400, 'invalidRequest', `Invalid @microsoft.graph.conflictBehavior '${conflict}'.`);
      // https://learn.microsoft.com/en-us/onedrive/developer/rest-api/concepts/addressing-driveitems: characters OneDrive refuses.
      if (!name || /["*:<>?/\\|]/.test(name) || /[. ]$/.test(name))
        return error(400, 'invalidRequest', `The name '${name}' contains characters that are not allowed.`);
      const fileSize = typeof item.fileSize === 'number' ? item.fileSize : null;
      const parent = deps.store.get(deps.store.ensureFolder(parentPath.split('/').filter(Boolean))) as StoredNode;
      // doc "Request body": conflictBehavior fail refuses a taken name; https://learn.microsoft.com/en-us/graph/errors:
      // 409 Conflict, code nameAlreadyExists. It is checked again when the last byte arrives (the name may be taken later).
      if (conflict === 'fail' && existing(parent.id, name))
        return error(409, 'nameAlreadyExists', 'The specified item name already exists.');
      const id = randomBytes(18).toString('base64url');
      const session: Session = {
        id,
        parentId: parent.id,
        name,
        conflict: conflict as ConflictBehavior,
        size: fileSize,
        received: [],
        offset: 0,
        expiresAt: deps.now() + (deps.ttlMs ?? SESSION_TTL_MS),
        mimeType: 'application/octet-stream',
      };
      sessions.set(id, session);
      // doc "Response": 200 OK with uploadUrl and expirationDateTime (the example has nothing else).
      sendJson(res, 200, { uploadUrl: `${deps.mediaUrl}/_upload/${id}`, expirationDateTime: iso(session.expiresAt) });
    },

    /** The upload URL: PUT fragments, GET status, DELETE cancels. Returns false for paths that are not sessions. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, error: GraphError, sendJson: SendJson) {
      const m = /^\/_upload\/([\w-]+)$/.exec(url.pathname);
      if (!m) return false;
      // doc "Upload bytes to the upload session": "Including the Authorization header when issuing the PUT call may
      // result in an HTTP 401 Unauthorized response"; we always refuse it, so a client leaking its token fails here.
      if (req.headers.authorization) {
        error(401, 'unauthenticated', 'The upload URL is pre-authenticated; do not send an Authorization header.');
        return true;
      }
      const session = sessions.get(m[1] as string);
      // doc "Best practices": "Handle 404 Not Found errors … by starting the entire upload over. This indicates the
      // upload session no longer exists" (expired or cancelled).
      if (!session || session.expiresAt <= deps.now()) {
        if (session) sessions.delete(session.id);
        await drain(req);
        error(404, 'itemNotFound', 'The upload session was not found or has expired.');
        return true;
      }
      const method = req.method ?? 'GET';
      if (method === 'GET') {
        // doc "Resuming an in-progress upload": GET the uploadUrl → nextExpectedRanges.
        sendJson(res, 200, status(session));
        return true;
      }
      if (method === 'DELETE') {
        // doc "Cancel the upload session": DELETE the uploadUrl → 204; the session is gone afterwards.
        sessions.delete(session.id);
        res.writeHead(204).end();
        return true;
      }
      if (method !== 'PUT') {
        error(405, 'invalidRequest', `${method} is not allowed on an upload URL.`);
        return true;
      }
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
      const length = Number(req.headers['content-length'] ?? Number.NaN);
      if (!range || !Number.isFinite(length)) {
        await drain(req);
        error(400, 'invalidRequest', 'PUT on an upload URL needs Content-Length and Content-Range: bytes a-b/total.');
        return true;
      }
      const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
      if (end < start || end - start + 1 !== length || end >= total) {
        await drain(req);
        error(400, 'invalidRange', 'Content-Range does not match Content-Length.');
        return true;
      }
      const isLast = end === total - 1;
      // doc "Upload bytes to the upload session": each byte range "MUST be a multiple of 320 KiB (327,680 bytes)" and
      // "the maximum bytes in any given request is less than 60 MiB". Real Graph may accept other sizes and fail
      // when committing; we refuse at once so a client never relies on that.
      if (length >= MAX_FRAGMENT || (!isLast && length % KIB_320 !== 0)) {
        await drain(req);
        error(400, 'invalidRange', `Fragments must be multiples of 320 KiB below 60 MiB; got ${length} bytes.`);
        return true;
      }
      // doc "Remarks": a fragment the server already received → 416 Requested Range Not Satisfiable; fragments "must
      // be uploaded sequentially in order", so one that leaves a gap is refused the same way.
      if (start !== session.offset || (session.size !== null && total !== session.size)) {
        await drain(req);
        error(416, 'invalidRange', `The uploaded fragment does not match; next expected ${session.offset}-.`);
        return true;
      }
      let chunk: Buffer;
      try {
        chunk = await readAll(req, length);
      } catch {
        return true; // the client's connection broke mid-fragment: nothing of it is kept
      }
      if (chunk.length !== length) {
        error(400, 'invalidRequest', 'The fragment ended before Content-Length bytes.');
        return true;
      }
      session.size = total;
      session.received.push(chunk);
      session.offset = end + 1;
      extend(session);
      if (!isLast) {
        // doc "Upload bytes to the upload session": 202 Accepted with expirationDateTime and nextExpectedRanges.
        sendJson(res, 202, status(session));
        return true;
      }
      // doc "Handle upload errors": when the last byte range arrives a name conflict or the quota can fail the upload,
      // and "the upload session will be preserved until the expiration time". We keep all but the last fragment.
      const bytes = Buffer.concat(session.received);
      const clash = existing(session.parentId, session.name);
      const refuse = (answer: () => void) => {
        session.received.pop();
        session.offset = start;
        answer();
        return true;
      };
      if (clash && session.conflict === 'fail')
        return refuse(() => error(409, 'nameAlreadyExists', 'The specified item name already exists.'));
      if (overQuota(bytes.length - (clash && session.conflict === 'replace' ? (clash.content?.length ?? 0) : 0)))
        return refuse(() => quotaError(error));
      sessions.delete(session.id);
      let node: StoredNode;
      if (clash && session.conflict === 'replace') {
        node = deps.store.changeFile(clash.id, { bytes });
        sendJson(res, 200, deps.toDriveItem(node));
      } else {
        const name = freeName(session.parentId, session.name);
        const parent = deps.store.get(session.parentId) as StoredNode;
        const folder =
          parent.id === deps.store.rootId ? '' : [deps.store.folderPath(parent), parent.name].filter(Boolean).join('/');
        node = deps.store.addFile({ path: `${folder ? `${folder}/` : ''}${name}`, bytes, mimeType: mimeOf(name) });
        // doc "Completing a file": the last byte range gets "HTTP 201 Created or HTTP 200 OK" with the driveItem
        // (200 when an existing file was replaced, above).
        sendJson(res, 201, deps.toDriveItem(node));
      }
      return true;
    },
    /** For tests: age every session past its expiry. */
    expireAll() {
      for (const s of sessions.values()) s.expiresAt = deps.now() - 1;
    },
    get size() {
      return sessions.size;
    },
  };
}

type SendJson = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

function mimeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  return (
    { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', mp4: 'video/mp4' }[ext ?? ''] ??
    'application/octet-stream'
  );
}

async function drain(req: IncomingMessage) {
  for await (const _ of req);
}

async function readAll(req: IncomingMessage, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > length) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
