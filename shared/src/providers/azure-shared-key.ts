import { type HmacSha256, SAS_VERSION } from './azure-sas';

/**
 * Shared Key authorization for the Blob service ("Authorize with Shared Key", learn.microsoft.com, version
 * 2015-02-21 and later). Service properties (CORS) and container ACLs (stored access policies) take only the
 * account owner's credential; the HMAC is passed in, so the same code signs in the extension and in Node.
 */
export interface SharedKeyRequest {
  method: 'GET' | 'PUT';
  /** The full request URL, e.g. https://acct.blob.core.windows.net/photos?restype=container&comp=acl. */
  url: string;
  account: string;
  /** UTF-8 body, if any (its byte length is part of the string to sign). */
  body?: string;
  contentType?: string;
  /** x-ms-* headers besides x-ms-date and x-ms-version (e.g. x-ms-blob-public-access). */
  msHeaders?: Record<string, string>;
  date: Date;
}

export function sharedKeyStringToSign(r: SharedKeyRequest): string {
  const length = r.body ? new TextEncoder().encode(r.body).byteLength : 0;
  const headers = msHeadersOf(r);
  const canonicalHeaders = Object.keys(headers)
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join('');
  return [
    r.method,
    '', // Content-Encoding
    '', // Content-Language
    length > 0 ? String(length) : '', // empty when zero since 2015-02-21
    '', // Content-MD5
    r.contentType ?? '',
    '', // Date (x-ms-date is sent instead)
    '', // If-Modified-Since
    '', // If-Match
    '', // If-None-Match
    '', // If-Unmodified-Since
    '', // Range
    `${canonicalHeaders}${canonicalResource(r.url, r.account)}`,
  ].join('\n');
}

/** `/account/path` then each query parameter, lower-cased and sorted, as `\nname:value[,value]`. */
function canonicalResource(raw: string, account: string): string {
  const url = new URL(raw);
  const params = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) {
    const key = k.toLowerCase();
    params.set(key, [...(params.get(key) ?? []), v]);
  }
  const query = [...params.keys()]
    .sort()
    .map((k) => `\n${k}:${(params.get(k) as string[]).sort().join(',')}`)
    .join('');
  return `/${account}${url.pathname}${query}`;
}

function msHeadersOf(r: SharedKeyRequest): Record<string, string> {
  const out: Record<string, string> = { 'x-ms-date': r.date.toUTCString(), 'x-ms-version': SAS_VERSION };
  for (const [k, v] of Object.entries(r.msHeaders ?? {})) out[k.toLowerCase()] = v.trim();
  return out;
}

/** The headers to send: the x-ms-* ones signed over, Content-Type, and `Authorization: SharedKey account:sig`. */
export async function sharedKeyHeaders(
  r: SharedKeyRequest,
  accountKey: string,
  hmac: HmacSha256,
): Promise<Record<string, string>> {
  const signature = await hmac(accountKey, sharedKeyStringToSign(r));
  return {
    ...msHeadersOf(r),
    ...(r.contentType ? { 'Content-Type': r.contentType } : {}),
    Authorization: `SharedKey ${r.account}:${signature}`,
  };
}
