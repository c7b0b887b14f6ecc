import type { IncomingMessage } from 'node:http';

/**
 * Browser API keys of a Google Cloud project, as Drive checks them for anonymous requests (`?key=`): reads of
 * "anyone with the link" files need no OAuth token, only a key (developers.google.com/workspace/drive/api/guides/
 * query-parameters; ../shared/REAL-SERVICES.md). A key may be restricted to HTTP referrers, which the request must then
 * carry (the viewer sends `strict-origin`).
 */
export interface ApiKey {
  key: string;
  /** Referrer patterns as the Cloud console takes them: `https://share.example.org/*`; none: unrestricted. */
  referrers?: string[];
}

export type KeyVerdict = { ok: true } | { ok: false; status: number; reason: string; message: string; info: string };

const referrerMatches = (referer: string, pattern: string) =>
  pattern.endsWith('*') ? referer.startsWith(pattern.slice(0, -1)) : referer === pattern;

/** Google's answers, as clients report them: an unknown key is 400 API_KEY_INVALID; a blocked referrer 403. */
export function checkApiKey(keys: readonly ApiKey[], raw: string, req: IncomingMessage): KeyVerdict {
  const key = keys.find((k) => k.key === raw);
  if (!key)
    return {
      ok: false,
      status: 400,
      reason: 'badRequest',
      message: 'API key not valid. Please pass a valid API key.',
      info: 'API_KEY_INVALID',
    };
  const referer = req.headers.referer ?? '';
  if (key.referrers?.length && !key.referrers.some((p) => referrerMatches(referer, p)))
    return {
      ok: false,
      status: 403,
      reason: 'forbidden',
      message: `Requests from referer ${referer || '<empty>'} are blocked.`,
      info: 'API_KEY_HTTP_REFERRER_BLOCKED',
    };
  return { ok: true };
}

/**
 * `X-Goog-Drive-Resource-Keys: ID/KEY[,ID/KEY…]`: files link-shared before 2021-09-13 need their resource key from
 * anyone who has not opened them before (developers.google.com/workspace/drive/api/guides/resource-keys).
 */
export function resourceKeysOf(req: IncomingMessage): Map<string, string> {
  const raw = req.headers['x-goog-drive-resource-keys'];
  const out = new Map<string, string>();
  for (const pair of (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',')) {
    const [id, key] = pair.trim().split('/');
    if (id && key) out.set(id, key);
  }
  return out;
}
