/**
 * OneDrive sharing links → a URL a browser can load the file's bytes from without signing in.
 *
 * `createLink` answers with `link.webUrl` (`https://1drv.ms/…`), which opens OneDrive's viewer page (HTML), not
 * the file. The shares API addresses the item behind a sharing URL: the URL is encoded as a sharing token
 * ("Encoding sharing URLs", Graph `shares-get`: base64 of the URL, unpadded base64url, prefixed `u!`), and
 * `GET /shares/{token}/driveItem/content` (or `/root/content`, the personal-account form) answers
 * `302 Found` to a pre-authenticated download URL that serves the bytes with Range.
 *
 * Only the consumer OneDrive endpoint `https://api.onedrive.com/v1.0` answers that without a token, and only for
 * items of personal Microsoft accounts. Graph (`graph.microsoft.com`) always wants a bearer token, and the docs
 * say the shares API for OneDrive for Business and SharePoint "always requires authentication and cannot be used
 * to access anonymously shared content without a user context".
 */

/** The anonymous shares endpoint for personal OneDrive accounts. */
export const ONEDRIVE_PERSONAL_SHARES_API = 'https://api.onedrive.com/v1.0';

/** A sharing URL as a shares-API token: `u!` + unpadded base64url of the URL's UTF-8 bytes. */
export function encodeSharingUrl(sharingUrl: string): string {
  const url = checkedUrl(sharingUrl);
  const bytes = new TextEncoder().encode(url);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `u!${btoa(binary).replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
}

/** The sharing URL back from a `u!` token (the contract server resolves tokens with it). */
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
  return checkedUrl(text);
}

/**
 * Where a browser loads the bytes of the item behind an anonymous sharing link: the shares API's content of the
 * shared root, which redirects to a pre-authenticated download URL. `sharesApi` is the API root with its version
 * (`https://api.onedrive.com/v1.0` in production, a contract server in tests).
 */
export function sharedContentUrl(sharingUrl: string, sharesApi: string = ONEDRIVE_PERSONAL_SHARES_API): string {
  return `${sharesApi.replace(/\/+$/, '')}/shares/${encodeSharingUrl(sharingUrl)}/root/content`;
}

function checkedUrl(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`Not a sharing URL: ${value.slice(0, 80)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`A sharing URL is http(s), not ${parsed.protocol}`);
  return value;
}
