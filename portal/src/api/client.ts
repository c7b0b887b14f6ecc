import type { CSRF_HEADER } from '@hypomos/shared/api/account';
import type { ErrorBody } from '@hypomos/shared/api/common';
import type { UNLOCK_HEADER } from '@hypomos/shared/api/public';
import { hc } from 'hono/client';
import type { AppType } from '../../../worker/src/index';

// Every call goes through the typed client. Cookie-authenticated writes carry the session's CSRF token
// (worker/src/middleware/auth checks Origin + X-CSRF-Token); a passcode grant travels as X-Share-Unlock.

// The header names are typed against the shared constants (a drift fails typecheck) but not imported at runtime:
// importing them would pull zod's schemas into the viewer's bundle. The worker validates every body anyway.
const CSRF: typeof CSRF_HEADER = 'x-csrf-token';
const UNLOCK: typeof UNLOCK_HEADER = 'x-share-unlock';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let csrfToken: string | null = null;
const unlockTokens = new Map<string, string>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function setUnlockToken(shareToken: string, unlockToken: string) {
  unlockTokens.set(shareToken, unlockToken);
}

function withSessionHeaders(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (!SAFE.has(method) && csrfToken) headers.set(CSRF, csrfToken);
  const path = new URL(String(input instanceof Request ? input.url : input), location.origin).pathname;
  const share = /^\/api\/public\/shares\/([^/]+)/.exec(path)?.[1];
  const unlock = share ? unlockTokens.get(decodeURIComponent(share)) : undefined;
  if (unlock) headers.set(UNLOCK, unlock);
  return fetch(input, { ...init, headers, credentials: 'same-origin' });
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
