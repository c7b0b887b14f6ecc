/**
 * OneDrive sharing links → URLs a guest's browser (or the portal's relay) can load without signing in.
 * Sources: ../../../../shared/REAL-SERVICES.md, "OneDrive personal" and "OneDrive for Business".
 *
 * `createLink` answers with `link.webUrl`, which opens OneDrive's viewer page (HTML), not the file. The shares API
 * (`api.onedrive.com/v1.0/shares/u!…/root/content`) used to serve the bytes of personal links anonymously, but
 * answers 401 since 2024 on Microsoft's new storage platform (felixrieseberg/onedrive-link#1,
 * Mapaler/GetOneDriveDirectLink#16, #17), and never did for Business (Graph shares-get). What is left:
 * - personal: the documented `embed` link (its IFRAME source), loaded as `<img src>` by other extensions;
 * - personal, undocumented: `https://my.microsoftpersonalcontent.com/personal/{cid}/_layouts/15/download.aspx?share={token}`
 *   with cid and token from a new-format view link `https://1drv.ms/{i|u|…}/c/{cid}/{token}?e=…`;
 * - Business: an "Anyone" link's `https://TENANT-my.sharepoint.com/personal/{user}/_layouts/52/download.aspx?share={token}`,
 *   or the link itself with `download=1` (rclone/rclone PR #2626).
 */

/** OneDrive personal's content host (download.aspx, and where the other forms redirect). */
export const ONEDRIVE_PERSONAL_CONTENT = 'https://my.microsoftpersonalcontent.com';

/**
 * The download.aspx form of a personal view link (undocumented, reported working anonymously in 2026), on
 * `contentOrigin` (my.microsoftpersonalcontent.com; a contract server in tests). Throws for a link that is not of
 * the new `/c/{cid}/{token}` form.
 */
export function personalDownloadUrl(webUrl: string, contentOrigin: string = ONEDRIVE_PERSONAL_CONTENT): string {
  const m = /^\/[a-z]+\/c\/([0-9a-fA-F]+)\/([\w-]+)$/.exec(checkedUrl(webUrl).pathname);
  if (!m) throw new Error(`Not a new-format OneDrive link (…/c/{cid}/{token}): ${webUrl.slice(0, 80)}`);
  const base = contentOrigin.replace(/\/+$/, '');
  return `${base}/personal/${m[1]?.toLowerCase()}/_layouts/15/download.aspx?share=${encodeURIComponent(m[2] as string)}`;
}

/**
 * The bytes of a Business "Anyone" link: download.aspx on the link's own host when the link has the
 * `/:x:/g/personal/{user}/{token}` form, else the link with `download=1`.
 */
export function businessDownloadUrl(webUrl: string): string {
  const url = checkedUrl(webUrl);
  const m = /^\/:[a-z]:\/[a-z]\/personal\/([\w-]+)\/([\w-]+)$/.exec(url.pathname);
  if (m) return `${url.origin}/personal/${m[1]}/_layouts/52/download.aspx?share=${encodeURIComponent(m[2] as string)}`;
  url.searchParams.set('download', '1');
  return url.toString();
}

/** The embeddable URL of an embed link: its IFRAME's src (driveitem-createlink, embeddable links), else webUrl. */
export function embedSource(link: { webUrl: string; webHtml?: string }): string {
  const src = /\bsrc="([^"]+)"/i.exec(link.webHtml ?? '')?.[1]?.replace(/&amp;/g, '&');
  return src && /^https?:\/\//.test(src) ? src : link.webUrl;
}

/** A sharing URL as a shares-API token: `u!` + unpadded base64url of the URL's UTF-8 bytes. */
export function encodeSharingUrl(sharingUrl: string): string {
  checkedUrl(sharingUrl);
  const bytes = new TextEncoder().encode(sharingUrl);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `u!${btoa(binary).replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
}

/** The sharing URL back from a `u!` token. */
export function decodeSharingToken(token: string): string {
  if (!token.startsWith('u!')) throw new Error(`Not an encoded sharing URL (no u! prefix): ${token.slice(0, 20)}`);
  const body = token.slice(2);
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1)
    throw new Error('The sharing token is not unpadded base64url');
  const b64 = body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4);
  const binary = atob(b64);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
  checkedUrl(text);
  return text;
}

function checkedUrl(value: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`Not a sharing URL: ${value.slice(0, 80)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`A sharing URL is http(s), not ${parsed.protocol}`);
  return parsed;
}
