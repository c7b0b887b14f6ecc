import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults';

const MAX_BODY = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * CORS as the real services answer it: any origin may call the APIs with a bearer token, and shared
 * links are readable from a viewer page on another origin. Returns true when the request was a preflight.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader(
    'Access-Control-Expose-Headers',
    // Range and Location: a resumable Drive upload's 308 and session URI must be readable from the extension.
    'Content-Range, Content-Length, Accept-Ranges, ETag, Retry-After, Location, Range',
  );
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Range',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** RFC 9110 single byte range: `bytes=a-b`, `bytes=a-`, `bytes=-n`. Multiple ranges are served whole. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface ServeOptions {
  contentType: string;
  etag?: string;
  /** A pending reset fault: the body is cut after this many bytes. */
  reset?: Fault | null;
}

/** Answers GET/HEAD for a byte array, honouring Range (206 / 416). */
export function serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Buffer, opts: ServeOptions): void {
  const range = parseRange(req.headers.range, bytes.length);
  const base: Record<string, string> = { 'Content-Type': opts.contentType, 'Accept-Ranges': 'bytes' };
  if (opts.etag) base.ETag = opts.etag;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'Content-Range': `bytes */${bytes.length}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const body = range ? bytes.subarray(range.start, range.end + 1) : bytes;
  const headers = range ? { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${bytes.length}` } : base;
  res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': body.length });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (opts.reset?.resetAfterBytes !== undefined) {
    res.write(body.subarray(0, Math.min(opts.reset.resetAfterBytes, Math.max(0, body.length - 1))), () => {
      res.socket?.destroy();
    });
    return;
  }
  res.end(body);
}

/** Only the listed query parameters are accepted; anything else is a client bug the server reports. */
export function unknownParams(url: URL, allowed: readonly string[]): string[] {
  return [...new Set(url.searchParams.keys())].filter((k) => !allowed.includes(k));
}
