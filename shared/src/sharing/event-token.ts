import { isWellFormedToken } from './tokens';

/**
 * Reads an event's share-to token from what the user pasted or scanned: the bare token, or an event
 * URL `https://<portal>/e/<token>` (with or without query, fragment or trailing slash).
 * Returns null when there is no well-formed token in it.
 */
export function parseShareToToken(input: string): { token: string; portalOrigin: string | null } | null {
  const text = input.trim();
  if (isWellFormedToken(text)) return { token: text, portalOrigin: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const match = /^\/e\/([^/]+)\/?$/.exec(url.pathname);
  const token = match?.[1] ? decodeURIComponent(match[1]) : null;
  return token && isWellFormedToken(token) ? { token, portalOrigin: url.origin } : null;
}
