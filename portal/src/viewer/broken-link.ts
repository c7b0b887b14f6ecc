import type { PublicItem } from '@hypomos/shared/api/public';
import type { MediaSource, RelayUrlOf } from './delivery-path';
import { probeSources } from './delivery-path';

/**
 * What a status-reading request learned about an item after every source failed to load in an element:
 * - `gone`: the storage said so explicitly (404, 410, or the API's notFound); the only verdict reported to the owner;
 * - `expired`: the delegated link's own expiry has passed (known without asking anyone);
 * - `throttled`: a rate limit or quota (429, 503, 403 rateLimitExceeded/downloadQuotaExceeded…); try again later;
 * - `alive`: the bytes are there (the element could not decode them, or only a derived still is missing);
 * - `unknown`: nothing readable answered (CORS, network, a refusal without a reason). Never a dead link.
 */
export type Verdict = 'gone' | 'expired' | 'throttled' | 'alive' | 'unknown';

/** Reasons Drive (and Graph) give for a refusal that passes with time (developers.google.com/…/handle-errors). */
const THROTTLE_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'downloadQuotaExceeded',
  'sharingRateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
  'activityLimitReached',
]);
/** "Not found" as an API body says it: Drive `notFound`, Graph `itemNotFound`, the relay's `gone_at_source`. */
const GONE_REASONS = new Set(['notFound', 'itemNotFound', 'gone_at_source']);

/** The reason codes an error body carries: Drive `error.errors[].reason`, Graph and the portal `error.code`. */
function reasonsOf(body: unknown): string[] {
  const error = (body as { error?: { code?: unknown; errors?: { reason?: unknown }[] } } | null)?.error;
  if (!error || typeof error !== 'object') return [];
  const out = typeof error.code === 'string' ? [error.code] : [];
  for (const e of Array.isArray(error.errors) ? error.errors : [])
    if (typeof e?.reason === 'string') out.push(e.reason);
  return out;
}

/** One answer's verdict. `fromRelay`: the portal's relay answers 404 `not_found` for an item it does not know. */
export function verdictOf(status: number, body: unknown, fromRelay: boolean): Verdict {
  const reasons = reasonsOf(body);
  if (reasons.some((r) => GONE_REASONS.has(r))) return 'gone';
  if (reasons.some((r) => THROTTLE_REASONS.has(r)) || status === 429 || status === 503) return 'throttled';
  if (status === 200 || status === 206) return 'alive';
  if ((status === 404 || status === 410) && !fromRelay) return 'gone';
  return 'unknown';
}

async function bodyOf(res: Response): Promise<unknown> {
  if (!(res.headers.get('content-type') ?? '').includes('json')) {
    await res.body?.cancel();
    return null;
  }
  return res.json().catch(() => null);
}

/**
 * Asks one source for its first byte (a single range is CORS-safelisted), reading the status where CORS lets the page
 * read it. Links published before descriptors are asked with HEAD, as they always were.
 */
async function probe(source: MediaSource, legacy: boolean, fetchFn: typeof fetch): Promise<Verdict> {
  try {
    const res = await fetchFn(source.url, {
      ...(legacy ? { method: 'HEAD' } : { headers: { range: 'bytes=0-0' } }),
      credentials: source.via === 'relay' ? 'same-origin' : 'omit',
      referrerPolicy: source.referrerPolicy,
    });
    if (res.ok) {
      await res.body?.cancel();
      return 'alive';
    }
    return verdictOf(res.status, await bodyOf(res), source.via === 'relay');
  } catch {
    return 'unknown'; // CORS or network: the page cannot tell anything from it
  }
}

/**
 * Why an item could not be shown, asked of its byte sources in order; the first that says something definite wins.
 * An expired delegated link is known from its published expiry without asking.
 */
export async function diagnose(
  item: PublicItem,
  relayUrlOf: RelayUrlOf,
  now = Date.now(),
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<Verdict> {
  if (item.linkExpiresAt !== null && Date.parse(item.linkExpiresAt) <= now) return 'expired';
  for (const source of probeSources(item, relayUrlOf)) {
    const verdict = await probe(source, item.delivery === null, fetchFn);
    if (verdict !== 'unknown') return verdict;
  }
  return 'unknown';
}
