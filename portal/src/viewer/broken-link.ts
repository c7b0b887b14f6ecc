export type DeadReason = 'not_found' | 'forbidden' | 'expired' | 'network';

/**
 * Why an <img>/<video> failed: a dead delegated link (report it), or a file the browser cannot decode (e.g. HEIC in
 * Chromium), which is not the owner's problem. A HEAD request tells them apart where the host allows CORS; a request
 * that fails outright counts as a dead link.
 */
export async function classifyFailure(
  url: string,
  linkExpiresAt: string | null,
  now = Date.now(),
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<DeadReason | 'undecodable'> {
  if (linkExpiresAt !== null && Date.parse(linkExpiresAt) <= now) return 'expired';
  try {
    const res = await fetchFn(url, { method: 'HEAD', credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (res.ok) return 'undecodable';
    if (res.status === 401 || res.status === 403) return 'forbidden';
    return 'not_found';
  } catch {
    return 'network';
  }
}
