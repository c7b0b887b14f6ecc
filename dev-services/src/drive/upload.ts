import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../contract/http';
import type { MediaStore, StoredNode } from '../contract/media-store';
import { type FieldTree, parseFields, project, unknownFields } from './fields';
import { FILE_SCHEMA } from './files';
import type { DriveError } from './server';

/**
 * Drive resumable uploads, as https://developers.google.com/drive/api/guides/manage-uploads#resumable documents
 * them ("doc" below). Only uploadType=resumable for new files (POST) is implemented; simple and multipart uploads
 * and updates of an existing file's content (PUT …/files/ID) answer 400 here.
 */
const KIB_256 = 256 * 1024;
/** doc "Send the initial request": "A resumable session URI expires after one week." */
const SESSION_TTL_MS = 7 * 24 * 3600_000;
/** files.create's default answer when no `fields` is given: kind, id, name and mimeType (v3 partial responses). */
const DEFAULT_FIELDS = 'kind,id,name,mimeType';

interface Session {
  id: string;
  parentId: string;
  name: string;
  mimeType: string;
  /** X-Upload-Content-Length, when the client declared it. */
  size: number | null;
  received: Buffer[];
  offset: number;
  expiresAt: number;
  fields: FieldTree;
  /** Set once the last byte arrived: later status queries answer with the file. */
  fileId?: string;
}

export interface DriveUploadDeps {
  store: MediaStore;
  baseUrl: string;
  now: () => number;
  /** Bytes the drive may hold in all; null = unlimited. */
  quotaBytes: () => number | null;
  toFile: (node: StoredNode) => Record<string, unknown>;
}

export function createDriveUploads(deps: DriveUploadDeps) {
  const sessions = new Map<string, Session>();
  // Trashed files count toward the quota (about.ts).
  const overQuota = (extra: number) => {
    const quota = deps.quotaBytes();
    return quota !== null && deps.store.usage().used + extra > quota;
  };
  // https://developers.google.com/drive/api/guides/handle-errors (403 storageQuotaExceeded, usageLimits domain).
  const quotaError = (error: DriveError) =>
    error(403, 'storageQuotaExceeded', "The user's Drive storage quota has been exceeded.");
  /** doc "Resume an interrupted upload": 308 with `Range: bytes=0-N`, and no Range when nothing was received. */
  const incomplete = (res: ServerResponse, s: Session) => {
    res.writeHead(
      308,
      s.offset > 0 ? { Range: `bytes=0-${s.offset - 1}`, 'Content-Length': 0 } : { 'Content-Length': 0 },
    );
    res.end();
  };
  const finished = (res: ServerResponse, s: Session) => {
    const node = deps.store.get(s.fileId as string);
    if (!node) return false;
    // doc "Upload the content": "200 OK or 201 Created … along with any metadata associated with the resource".
    sendJson(res, 200, project(deps.toFile(node), s.fields));
    return true;
  };

  return {
    /** POST /upload/drive/v3/files?uploadType=resumable with the file's metadata (the caller checked the token). */
    async initiate(req: IncomingMessage, res: ServerResponse, url: URL, error: DriveError) {
      const body = await readBody(req);
      const uploadType = url.searchParams.get('uploadType');
      if (uploadType !== 'resumable')
        return error(400, 'invalid', `This contract server implements uploadType=resumable only, not '${uploadType}'.`);
      let fields: FieldTree;
      try {
        fields = parseFields(url.searchParams.get('fields') ?? DEFAULT_FIELDS);
      } catch (e) {
        return error(400, 'invalidParameter', (e as Error).message);
      }
      const badField = unknownFields(fields, FILE_SCHEMA)[0];
      if (badField) return error(400, 'invalidParameter', `Invalid field selection ${badField}`);
      let meta: { name?: unknown; parents?: unknown; mimeType?: unknown };
      try {
        meta = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return error(400, 'parseError', 'Parse Error');
      }
      const parents = Array.isArray(meta.parents) ? meta.parents : [];
      const parentId = typeof parents[0] === 'string' && parents[0] !== 'root' ? parents[0] : deps.store.rootId;
      const parent = deps.store.get(parentId);
      if (!parent?.folder) return error(404, 'notFound', `File not found: ${parentId}.`);
      // doc "Send the initial request": X-Upload-Content-Length is optional. When Drive checks the quota is not
      // documented; here a declared size that cannot fit is refused at once, and every upload again at its last byte.
      const declared = req.headers['x-upload-content-length'];
      const size = declared === undefined ? null : Number(declared);
      if (size !== null && !(Number.isInteger(size) && size >= 0))
        return error(400, 'invalid', 'Invalid X-Upload-Content-Length.');
      if (size !== null && overQuota(size)) return quotaError(error);
      const id = randomBytes(24).toString('base64url');
      sessions.set(id, {
        id,
        parentId,
        // files.create: a file without a name is called "Untitled".
        name: typeof meta.name === 'string' && meta.name ? meta.name : 'Untitled',
        mimeType:
          typeof meta.mimeType === 'string'
            ? meta.mimeType
            : ((req.headers['x-upload-content-type'] as string | undefined) ?? 'application/octet-stream'),
        size,
        received: [],
        offset: 0,
        expiresAt: deps.now() + SESSION_TTL_MS,
        fields,
      });
      // doc: "200 OK … the response includes a Location header that specifies the resumable session URI".
      res.writeHead(200, {
        Location: `${deps.baseUrl}/upload/drive/v3/files?uploadType=resumable&upload_id=${id}`,
        'X-GUploader-UploadID': id,
        'Content-Length': 0,
      });
      res.end();
    },

    /** PUT (chunk or status query) and DELETE on a session URI. The upload_id is the credential. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, error: DriveError) {
      const session = sessions.get(url.searchParams.get('upload_id') ?? '');
      const method = req.method ?? 'GET';
      // doc "Handle upload errors": a 404 means the session expired; "restart the upload from the beginning".
      if (!session || session.expiresAt <= deps.now()) {
        await drain(req);
        return error(404, 'notFound', 'The upload session was not found or has expired. Start a new upload.');
      }
      if (method === 'DELETE') {
        // Drive's guide documents no cancel. Google's upload server answers it as Cloud Storage documents
        // (https://cloud.google.com/storage/docs/performing-resumable-uploads#cancel-upload): DELETE on the
        // session URI → 499, and later requests to it fail (4xx; 404 here).
        sessions.delete(session.id);
        res.writeHead(499, 'Client Closed Request', { 'Content-Length': 0 });
        return res.end();
      }
      if (method !== 'PUT') {
        await drain(req);
        return error(405, 'invalid', `${method} is not allowed on a resumable session URI.`);
      }
      const header = req.headers['content-range'] ?? '';
      const length = Number(req.headers['content-length'] ?? 0);
      // doc "Resume an interrupted upload": an empty PUT with `Content-Range: bytes */TOTAL` (or `*/*`) asks for status.
      const query = /^bytes \*\/(\d+|\*)$/.exec(header);
      if (query) {
        await drain(req);
        if (session.fileId !== undefined && finished(res, session)) return;
        return incomplete(res, session);
      }
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header);
      if (!range || length !== Number(range[2]) - Number(range[1]) + 1) {
        await drain(req);
        return error(400, 'badContent', 'Failed to parse Content-Range header.');
      }
      const [start, end] = [Number(range[1]), Number(range[2])];
      const total = range[3] === '*' ? null : Number(range[3]);
      if (session.fileId !== undefined || (total !== null && session.size !== null && total !== session.size)) {
        await drain(req);
        return error(400, 'badContent', 'The Content-Range total does not match this upload.');
      }
      // Google's upload server refuses a chunk that starts past what it holds, with this message.
      if (start !== session.offset) {
        await drain(req);
        return error(
          400,
          'badContent',
          `Invalid request. According to the Content-Range header, the upload offset is ${start} byte(s), which ${start > session.offset ? 'exceeds' : 'is below'} already uploaded size of ${session.offset} byte(s).`,
        );
      }
      const isLast = total !== null && end === total - 1;
      // doc "Upload the content": "Create chunks in multiples of 256 KB (256 x 1024 bytes) in size, except for the
      // final chunk that completes the upload". Stricter than the real server, which keeps a whole multiple and
      // reports it in Range: a client here must size chunks as documented.
      if (!isLast && length % KIB_256 !== 0) {
        await drain(req);
        return error(400, 'badContent', `Chunks must be multiples of 256 KiB except the last; got ${length} bytes.`);
      }
      const chunk = await readExactly(req, length);
      if (!chunk) return; // the connection broke mid-chunk: nothing of it is kept
      session.received.push(chunk);
      session.offset = end + 1;
      if (!isLast) return incomplete(res, session);
      const bytes = Buffer.concat(session.received);
      if (overQuota(bytes.length)) {
        session.received.pop();
        session.offset = start;
        return quotaError(error);
      }
      const node = deps.store.addChild(session.parentId, session.name, { bytes, mimeType: session.mimeType });
      session.fileId = node.id;
      session.received = [];
      finished(res, session);
    },

    /** For tests: age every session past its expiry. */
    expireAll() {
      for (const s of sessions.values()) s.expiresAt = deps.now() - 1;
    },
  };
}

async function drain(req: IncomingMessage) {
  for await (const _ of req);
}

/** The body if it arrived whole; null when the client's connection broke first. */
async function readExactly(req: IncomingMessage, length: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch {
    return null;
  }
  return size === length && req.complete ? Buffer.concat(chunks) : null;
}
