import type { UnservedItem } from '@hypomos/shared/api/shares';
import { type DeliveryDescriptor, unservedReasons } from '@hypomos/shared/sharing/delivery';
import { type HostPolicy, isAllowedMediaUrl } from '@hypomos/shared/sharing/media-hosts';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { storedDelivery } from '../mappers';
import type { Repos } from '../repositories';
import type { ShareRow } from '../repositories/shares';
import { isHttps } from './cookies';

/** The allow-list's dev sources (local contract servers, azurite) count only where the portal itself is plain http. */
export const mediaHostPolicy = (env: Env): HostPolicy => ({
  devSources: isHttps(env) ? [] : (env.DEV_MEDIA_HOSTS ?? '').split(/\s+/).filter(Boolean),
});

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;
/** Response headers the relay passes on; nothing else of the provider's answer (cookies, CORS, CSP) reaches the guest. */
const PASSED = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];
/** Only media may come out of the portal's origin: an HTML page served from here would run as the portal. */
const MEDIA_TYPE = /^(image|video|audio)\/[\w.+-]+$|^application\/octet-stream$/;

/**
 * Streams one item's delegated link to the guest. The URL comes from the stored descriptor, never from the request;
 * every hop, redirects included, must be on the provider's allow-list (redirects are followed by hand so each target
 * is checked before it is fetched); Range passes through; nothing is stored or cached.
 */
export async function relayItem(
  delivery: DeliveryDescriptor,
  fallbackMime: string | null,
  range: string | undefined,
  policy: HostPolicy,
  fetchFn: typeof fetch,
): Promise<Response> {
  const source = delivery.relaySource;
  if (!source) throw new ApiError(404, 'not_relayable', 'This item cannot pass through the portal.');
  let url = source;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    if (!isAllowedMediaUrl(url, delivery.provider, policy))
      throw new ApiError(502, 'host_not_allowed', "The owner's storage pointed outside its own hosts.");
    const headers = new Headers(hop === 0 ? delivery.relayHeaders : {});
    if (range && /^bytes=\d*-\d*$/.test(range)) headers.set('range', range);
    const res = await fetchFn(url, {
      headers,
      redirect: 'manual',
      cf: { cacheTtl: 0, cacheEverything: false },
    } as RequestInit);
    if (REDIRECTS.has(res.status)) {
      const location = res.headers.get('location');
      await res.body?.cancel();
      if (!location)
        throw new ApiError(502, 'bad_upstream', "The owner's storage answered a redirect without a target.");
      url = new URL(location, url).href;
      continue;
    }
    return passOn(res, fallbackMime);
  }
  throw new ApiError(502, 'too_many_redirects', "The owner's storage redirected too many times.");
}

async function passOn(res: Response, fallbackMime: string | null): Promise<Response> {
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel();
    throw new ApiError(res.status, 'gone_at_source', "The owner's storage no longer has this item.");
  }
  if (res.status === 429 || res.status === 403 || res.status >= 500) {
    await res.body?.cancel();
    const retryAfter = res.headers.get('retry-after');
    throw new ApiError(503, 'temporarily_unavailable', "The owner's storage refused for now; try again later.", {
      upstreamStatus: res.status,
      ...(retryAfter ? { retryAfter } : {}),
    });
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw new ApiError(502, 'bad_upstream', `The owner's storage answered ${res.status}.`);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPE.test(type)) {
    // e.g. Drive's virus-scan HTML page instead of the bytes.
    await res.body?.cancel();
    throw new ApiError(502, 'not_media', "The owner's storage answered with a page, not the file.");
  }
  const out = new Headers();
  for (const h of PASSED) {
    const v = res.headers.get(h);
    if (v) out.set(h, v);
  }
  if (type === 'application/octet-stream' && fallbackMime && MEDIA_TYPE.test(fallbackMime))
    out.set('content-type', fallbackMime);
  out.set('cache-control', 'private, no-store');
  out.set('x-hypomos-relay', '1');
  return new Response(res.body, { status: res.status, headers: out });
}

/** The share's items its guests cannot view or download under its current settings, for the owner's pages. */
export async function unservedItems(repos: Repos, share: ShareRow): Promise<UnservedItem[]> {
  const out: UnservedItem[] = [];
  let after: { sortKey: number; id: string } | null = null;
  for (;;) {
    const rows = await repos.collections.page(share.collectionId, after, 500);
    for (const r of rows) {
      const d = storedDelivery(r.delivery);
      const reasons = d ? unservedReasons(d, share.relayEnabled, share.downloads) : [];
      if (d && reasons.length)
        out.push({
          itemId: r.id,
          sourceId: r.sourceId,
          sourceItemId: r.sourceItemId,
          mediaType: r.mediaType,
          provider: d.provider,
          thumbnailUrl: d.grid[0] ?? r.thumbnailUrl,
          capturedAt: r.capturedAt === null ? null : new Date(r.capturedAt).toISOString(),
          reasons,
        });
    }
    if (rows.length < 500) return out;
    const last = rows[rows.length - 1]!;
    after = { sortKey: last.sortKey, id: last.id };
  }
}
