import { ProviderError } from '@hypomos/shared/providers/provider';
import type { z } from 'zod';

/**
 * The one HTTP path every cloud provider goes through: bearer tokens with one forced refresh after a
 * 401, provider failures mapped to ProviderError kinds (so the scanner decides without knowing the
 * provider), and zod validation of every JSON body.
 */
export interface HttpDeps {
  fetch: typeof fetch;
  /** The source's OAuth access token; `forceRefresh` after the server refused the current one. */
  getAccessToken?: (opts: { forceRefresh: boolean }) => Promise<string>;
  now?: () => number;
}

export interface RequestOptions {
  /** Send the bearer token (never to pre-authenticated or public URLs). */
  auth?: boolean;
  /** Statuses that are not errors; default 2xx. */
  accept?: number[];
}

export interface Http {
  /** The headers an outside request (a media element's, made for us) needs: the bearer token, if any. */
  authHeaders(): Promise<Record<string, string>>;
  request(url: string, init?: RequestInit, opts?: RequestOptions): Promise<Response>;
  json<S extends z.ZodType>(url: string, schema: S, init?: RequestInit, opts?: RequestOptions): Promise<z.infer<S>>;
  bytes(
    url: string,
    init?: RequestInit,
    opts?: RequestOptions,
  ): Promise<{ status: number; bytes: Uint8Array; headers: Headers }>;
}

export function createHttp(deps: HttpDeps): Http {
  const now = deps.now ?? Date.now;
  const send = async (url: string, init: RequestInit, token: string | null) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await deps.fetch(url, { ...init, headers });
    } catch (error) {
      throw new ProviderError('network', `${init.method ?? 'GET'} ${redact(url)}: ${(error as Error).message}`);
    }
  };
  const request: Http['request'] = async (url, init = {}, opts = {}) => {
    const useAuth = opts.auth !== false && deps.getAccessToken !== undefined;
    let res = await send(url, init, useAuth ? await deps.getAccessToken!({ forceRefresh: false }) : null);
    if (res.status === 401 && useAuth) {
      await res.body?.cancel();
      res = await send(url, init, await deps.getAccessToken!({ forceRefresh: true }));
    }
    if (res.ok || opts.accept?.includes(res.status)) return res;
    throw await toProviderError(res, `${init.method ?? 'GET'} ${redact(url)}`, now());
  };
  const readBody = async (res: Response, what: string) => {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (error) {
      // A connection reset mid-body surfaces here, after the status line was fine.
      throw new ProviderError('network', `${what}: body interrupted (${(error as Error).message})`, null, res.status);
    }
  };
  return {
    async authHeaders(): Promise<Record<string, string>> {
      return deps.getAccessToken
        ? { Authorization: `Bearer ${await deps.getAccessToken({ forceRefresh: false })}` }
        : {};
    },
    request,
    async json(url, schema, init, opts) {
      const res = await request(url, init, opts);
      const text = new TextDecoder().decode(await readBody(res, redact(url)));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ProviderError('bad_response', `${redact(url)}: not JSON: ${text.slice(0, 80)}`, null, res.status);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new ProviderError(
          'bad_response',
          `${redact(url)}: unexpected answer: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
          null,
          res.status,
        );
      }
      return parsed.data;
    },
    async bytes(url, init, opts) {
      const res = await request(url, init, opts);
      return { status: res.status, bytes: await readBody(res, redact(url)), headers: res.headers };
    },
  };
}

/** Retry-After as milliseconds: delay-seconds (fractional allowed, as Graph and Drive send) or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP-date names its weekday and month ("Wed, 21 Oct 2015 07:28:00 GMT").
  const at = /[A-Za-z]{3}/.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

async function toProviderError(res: Response, what: string, now: number): Promise<ProviderError> {
  const text = await res.text().catch(() => '');
  const detail = `${what} → ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'), now);
  // Drive signals per-user throttling as 403 with reason (user)rateLimitExceeded.
  const driveRateLimit = res.status === 403 && /"reason":\s*"(user)?[rR]ateLimitExceeded"/.test(text);
  if (res.status === 429 || res.status === 503 || driveRateLimit)
    return new ProviderError('throttled', detail, retryAfter, res.status);
  if (res.status === 401) return new ProviderError('unauthorized', detail, null, 401);
  if (res.status === 403) return new ProviderError('forbidden', detail, null, 403);
  if (res.status === 404) return new ProviderError('not_found', detail, null, 404);
  if (res.status === 410) return new ProviderError('gone', detail, null, 410);
  if (res.status >= 500) return new ProviderError('network', detail, retryAfter, res.status);
  return new ProviderError('bad_response', detail, null, res.status);
}

/** URLs in error messages lose their query strings: SAS signatures and tokens must not reach logs. */
export const redact = (url: string) => url.replace(/\?.*$/, '?…');

/** Bytes [start, end) as an HTTP Range header. */
export const rangeHeader = (start: number, end: number) => `bytes=${start}-${end - 1}`;

/** The body of a Range answer: a 206 as is, a 200 (server ignored Range) cut to the window. */
export function rangeBody(status: number, bytes: Uint8Array, start: number, end: number): Uint8Array {
  return status === 206 ? bytes : bytes.subarray(start, end);
}
