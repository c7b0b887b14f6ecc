import type { Provider, ProviderItemRef } from '@hypomos/shared/providers/provider';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { FIREFOX_MEDIA_ORIGIN, MEDIA_PREFIX } from '../../platform/media-path';
import { mediaItem } from './media-stream';

interface HttpHeader {
  name: string;
  value?: string;
}
interface RequestDetails {
  url: string;
  /** The page that made the request (Firefox). */
  originUrl?: string;
  requestHeaders?: HttpHeader[];
}
interface BlockingEvent<Answer> {
  addListener(
    listener: (details: RequestDetails) => Promise<Answer>,
    filter: { urls: string[]; types?: string[] },
    extraInfo: string[],
  ): void;
}
/** The part of Firefox's `webRequest` used here (blocking listeners may answer with a promise in Firefox). */
export interface WebRequestApi {
  onBeforeRequest: BlockingEvent<{ redirectUrl?: string; cancel?: boolean }>;
  onBeforeSendHeaders: BlockingEvent<{ requestHeaders?: HttpHeader[] }>;
}

export interface MediaRedirectDeps {
  db: HypomosDb;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** The extension's own origin (`moz-extension://<uuid>/`): only its pages are answered. */
  ownOrigin: string;
}

/** Provider URLs handed out recently; bounded, oldest first out. */
const MAX_GRANTS = 500;

/**
 * Firefox's way to play the owner's videos in the extension's pages, where Chrome uses the service worker's fetch
 * event (media-stream.ts): `<video src>` names a never-resolving host, the background redirects that request to the
 * provider's content URL, and adds the bearer token to requests for that exact URL. The media element itself then
 * makes the Range requests, so seeking works and nothing is buffered here.
 * - Only requests made by this extension's pages are answered; a web page asking for the same address is cancelled.
 * - The token is added to the provider's own URL only, never to the host it redirects to (Graph's download URL is
 *   pre-authenticated).
 */
export function registerMediaRedirect(webRequest: WebRequestApi, deps: MediaRedirectDeps): void {
  const grants = new Map<string, { source: SourceRow; ref: ProviderItemRef }>();
  const ours = (details: RequestDetails) => details.originUrl?.startsWith(deps.ownOrigin) === true;

  webRequest.onBeforeRequest.addListener(
    async (details) => {
      if (!ours(details)) return { cancel: true };
      const key = decodeURIComponent(new URL(details.url).pathname.slice(MEDIA_PREFIX.length));
      const found = await mediaItem(deps.db, key);
      if (!found) return { cancel: true };
      const provider = await deps.providerFor(found.source);
      if (!provider.mediaRequest) return { cancel: true };
      const { url } = await provider.mediaRequest(found.ref);
      grants.delete(url);
      grants.set(url, { source: found.source, ref: found.ref });
      if (grants.size > MAX_GRANTS) grants.delete(grants.keys().next().value as string);
      return { redirectUrl: url };
    },
    { urls: [`${FIREFOX_MEDIA_ORIGIN}${MEDIA_PREFIX}*`], types: ['media'] },
    ['blocking'],
  );

  webRequest.onBeforeSendHeaders.addListener(
    async (details) => {
      const grant = grants.get(details.url);
      if (!grant || !ours(details)) return {};
      const provider = await deps.providerFor(grant.source);
      // Asked again per request: the token may have been refreshed since the redirect.
      const { headers }: { headers: Record<string, string> } = (await provider.mediaRequest?.(grant.ref)) ?? {
        headers: {},
      };
      const replaced = new Set(Object.keys(headers).map((n) => n.toLowerCase()));
      return {
        requestHeaders: [
          ...(details.requestHeaders ?? []).filter((h) => !replaced.has(h.name.toLowerCase())),
          ...Object.entries(headers).map(([name, value]): HttpHeader => ({ name, value })),
        ],
      };
    },
    // Only media loads: the user's own Drive and OneDrive tabs never wait on this listener.
    { urls: ['<all_urls>'], types: ['media'] },
    ['blocking', 'requestHeaders'],
  );
}
