import type { Context } from 'hono';
import type { AppEnv } from '../env';

type C = Context<AppEnv>;

/**
 * Public answers in this isolate's memory and in the Cache API of the location that served them, keyed by what they are (`kind`: e.g.
 * share-items, event-page), the token's hash, the collection or event version and the variant (cursor, limit).
 * A change bumps the version (repositories/item-sql.ts, events.ts), so the next request looks under a new key:
 * nothing is purged and no stale answer can be served. The version itself always comes from D1 (one batch per
 * read), so revocation and expiry are seen on the next request too. Bump SCHEMA when an answer's shape changes.
 * Only answers that anyone holding the link may see are stored; passcode-protected ones never are.
 */
const SCHEMA = 'v1';
const STORE_SECONDS = 86_400;

export interface CacheScope {
  kind: string;
  tokenHash: string;
  /** Everything else the answer depends on, e.g. `200:<cursor>`. */
  variant: string;
}

// The version this isolate last stored per scope: where to look in the cache before D1 says what is current.
const HINT_LIMIT = 5_000;
const hints = new Map<string, number>();
const hintKey = (s: CacheScope) => `${s.kind}|${s.tokenHash}|${s.variant}`;

export function versionHint(scope: CacheScope): number | null {
  return hints.get(hintKey(scope)) ?? null;
}

function remember(scope: CacheScope, version: number) {
  const k = hintKey(scope);
  hints.delete(k);
  hints.set(k, version);
  if (hints.size > HINT_LIMIT) hints.delete(hints.keys().next().value!);
}

// Workers' default cache of this location (typed here too for the portal's DOM-typed view of the worker).
const edge = () => (caches as CacheStorage & { default: Cache }).default;

function keyOf(c: C, scope: CacheScope, version: number) {
  const url = new URL(`/__edge/${SCHEMA}/${scope.kind}/${scope.tokenHash}/${version}`, c.env.PUBLIC_ORIGIN);
  url.searchParams.set('v', scope.variant);
  return new Request(url);
}

// The hottest answers also stay in this isolate's memory (same versioned keys, so never stale), bounded in bytes:
// a crowd on one gallery is served without even the Cache API's lookup.
const MEMORY_BYTES = 16 * 1024 * 1024;
const memory = new Map<string, string>();
let memoryBytes = 0;
const memoryKey = (s: CacheScope, version: number) => `${hintKey(s)}|${version}`;

function keep(key: string, body: string) {
  const old = memory.get(key);
  if (old !== undefined) memoryBytes -= old.length;
  memory.delete(key);
  memory.set(key, body);
  memoryBytes += body.length;
  while (memoryBytes > MEMORY_BYTES && memory.size > 0) {
    const [k, v] = memory.entries().next().value!;
    memory.delete(k);
    memoryBytes -= v.length;
  }
}

/** The stored answer at this version: from this isolate's memory, else the location's Cache API. */
export async function cachedAnswer(c: C, scope: CacheScope, version: number): Promise<string | undefined> {
  const key = memoryKey(scope, version);
  const hot = memory.get(key);
  if (hot !== undefined) return hot;
  const res = await edge().match(keyOf(c, scope, version));
  if (!res) return undefined;
  const body = await res.text();
  keep(key, body);
  return body;
}

export function storeAnswer(c: C, scope: CacheScope, version: number, body: string, contentType: string) {
  remember(scope, version);
  keep(memoryKey(scope, version), body);
  const res = new Response(body, {
    headers: { 'content-type': contentType, 'cache-control': `public, max-age=${STORE_SECONDS}` },
  });
  return afterResponse(c, edge().put(keyOf(c, scope, version), res));
}

/** Client-facing: public answers revalidate every time (ETag → 304); private ones are never stored anywhere. */
export const PUBLIC_CACHE = 'no-cache';
export const PRIVATE_CACHE = 'private, no-store';

export const etagOf = (kind: string, version: number) => `"${SCHEMA}.${kind}.${version}"`;

/** The version named by the viewer's If-None-Match for this kind of answer, if any. */
export function etagVersion(c: C, kind: string): number | null {
  const header = c.req.header('if-none-match');
  if (!header) return null;
  const m = new RegExp(`^(?:W/)?"${SCHEMA}\\.${kind}\\.(\\d{1,15})"$`).exec(header.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Runs `task` after the response is sent (waitUntil). Without an execution context (tests calling
 * `app.request` without one) it is awaited instead, so nothing is lost.
 */
export function afterResponse(c: C, task: Promise<unknown>): Promise<void> {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  const safe = task.then(
    () => undefined,
    (err) => console.error('background task failed', err),
  );
  if (!ctx) return safe;
  ctx.waitUntil(safe);
  return Promise.resolve();
}
