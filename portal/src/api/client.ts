import type { CSRF_HEADER } from '@hypomos/shared/api/account';
import type { ErrorBody } from '@hypomos/shared/api/common';
import type { D1_BOOKMARK_HEADER, UNLOCK_HEADER } from '@hypomos/shared/api/public';
import { hc } from 'hono/client';
import type { AppType } from '../../../worker/src/index';

// Every call goes through the typed client. Cookie-authenticated writes carry the session's CSRF token
// (worker/src/middleware/auth checks Origin + X-CSRF-Token); a passcode grant travels as X-Share-Unlock; viewer
// calls carry the D1 bookmark of the previous answer (x-d1-bookmark, worker/src/services/public-read.ts).

// The header names are typed against the shared constants (a drift fails typecheck) but not imported at runtime:
// importing them would pull zod's schemas into the viewer's bundle. The worker validates every body anyway.
const CSRF: typeof CSRF_HEADER = 'x-csrf-token';
const UNLOCK: typeof UNLOCK_HEADER = 'x-share-unlock';
const BOOKMARK: typeof D1_BOOKMARK_HEADER = 'x-d1-bookmark';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let csrfToken: string | null = null;
const unlockTokens = new Map<string, string>();
// The newest D1 bookmark the viewer routes gave us: sent back so a read replica never answers with older data.
let bookmark: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function setUnlockToken(shareToken: string, unlockToken: string) {
  unlockTokens.set(shareToken, unlockToken);
}

async function withSessionHeaders(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (!SAFE.has(method) && csrfToken) headers.set(CSRF, csrfToken);
  const path = new URL(String(input instanceof Request ? input.url : input), location.origin).pathname;
  const share = /^\/api\/public\/shares\/([^/]+)/.exec(path)?.[1];
  const unlock = share ? unlockTokens.get(decodeURIComponent(share)) : undefined;
  if (unlock) headers.set(UNLOCK, unlock);
  const viewer = path.startsWith('/api/public/');
  if (viewer && bookmark) headers.set(BOOKMARK, bookmark);
  const res = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (viewer) bookmark = res.headers.get(BOOKMARK) ?? bookmark;
  return res;
}

export const client = hc<AppType>(location.origin, { fetch: withSessionHeaders });

/** A refused call, in the worker's one error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Ok<R> = R extends { ok: true; json(): Promise<infer T> }
  ? T
  : R extends { json(): Promise<infer T> }
    ? Exclude<T, ErrorBody>
    : never;

/** Awaits a typed call and returns its success body, or throws ApiFailure with the worker's code and message. */
export async function ok<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  call: Promise<R>,
): Promise<Ok<R>> {
  const res = await call;
  if (res.ok) return (res.status === 204 ? null : await res.json()) as Ok<R>;
  const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
  const error = body?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string')
    throw new ApiFailure(res.status, error.code, error.message);
  throw new ApiFailure(res.status, 'http_error', `The portal answered ${res.status}.`);
}

export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
