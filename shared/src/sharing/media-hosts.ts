import { z } from 'zod';

/** The storages whose links a share may carry; OneDrive personal and Business differ in host and link form. */
export const DeliveryProvider = z.enum(['gdrive', 'onedrive', 'onedrive-business', 'azblob']);
export type DeliveryProvider = z.infer<typeof DeliveryProvider>;

/**
 * Every host a provider's delivery links start on or redirect through (`*.` matches any subdomain, not the bare
 * domain). The viewer's CSP lists all of them, because CSP is checked at every redirect hop (W3C webappsec PR #18),
 * and the relay and the publish-time check accept only these. Sources: ../shared/REAL-SERVICES.md.
 */
export const MEDIA_HOSTS: Readonly<Record<DeliveryProvider, readonly string[]>> = {
  gdrive: [
    'www.googleapis.com', // Drive API alt=media&key= (CORS + Range)
    'drive.google.com', // thumbnail?id= and uc?export=download
    'drive.usercontent.google.com', // uc?export=download redirects here
    '*.googleusercontent.com', // thumbnail redirects to lh3.googleusercontent.com
  ],
  onedrive: [
    'api.onedrive.com', // documented anonymous shares API (401 on the new platform)
    '1drv.ms', // share and embed short links
    'onedrive.live.com', // embed links
    '*.1drv.com', // legacy download hosts
    'my.microsoftpersonalcontent.com', // download.aspx?share= and content redirects (undocumented)
    '*.microsoftpersonalcontent.com',
  ],
  'onedrive-business': ['*.sharepoint.com'], // TENANT-my.sharepoint.com/…/download.aspx?share=
  azblob: ['*.blob.core.windows.net'],
};

/** Dev hosts are "http://127.0.0.1:*"-style CSP sources; they only count where the portal itself is plain http. */
export interface HostPolicy {
  devSources?: readonly string[];
}

const matchesPattern = (host: string, pattern: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

function matchesDevSource(url: URL, source: string): boolean {
  const m = /^(https?):\/\/([A-Za-z0-9.-]+)(?::(\d+|\*))?$/.exec(source);
  if (!m) return false;
  const [, scheme, host, port] = m;
  if (url.protocol !== `${scheme}:` || url.hostname !== host) return false;
  return port === '*' || (port ?? '') === url.port;
}

/**
 * Whether the relay may fetch, or a publish may carry, this URL for this provider: https on the default port to a
 * listed host, with no user info; or, in plain-http dev, a configured dev source. Anything that does not parse is no.
 */
export function isAllowedMediaUrl(raw: string, provider: DeliveryProvider, policy: HostPolicy = {}): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (policy.devSources?.some((s) => matchesDevSource(url, s))) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return MEDIA_HOSTS[provider].some((p) => matchesPattern(host, p));
}

/** Which provider's allow-list a URL falls under, if any (the publish check for items that name no provider). */
export function providerOfUrl(raw: string, policy: HostPolicy = {}): DeliveryProvider | null {
  return DeliveryProvider.options.find((p) => isAllowedMediaUrl(raw, p, policy)) ?? null;
}

/** The CSP sources for img-src/media-src/connect-src: every host of every provider, https only. */
export function mediaCspSources(): string[] {
  return [...new Set(Object.values(MEDIA_HOSTS).flat())].map((h) => `https://${h}`);
}
