import { elements, escapeXml, textOf } from './azure-xml';

/**
 * The Blob service's CORS rules as "Cross-Origin Resource Sharing (CORS) support for Azure Storage"
 * (learn.microsoft.com) defines them: set per service (not per container), none by default, at most five,
 * evaluated in the order they were set, and the first rule that matches the request's origin, method and
 * (for a preflight) headers is the one applied. An actual request is matched on origin and method only.
 */
export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAgeInSeconds: number;
}

export const MAX_CORS_RULES = 5;

/** Headers the viewer reads from a cross-origin answer: sizes and ranges for downloads, ETag for the ZIP. */
const NEEDED_EXPOSED = ['content-length', 'content-range', 'etag'];
/** What the viewer sends beyond a simple GET: Range (probe, resumable downloads). */
const NEEDED_REQUEST_HEADERS = ['range'];

/** The rule Hypomos asks for: the portal may GET/HEAD blobs, send Range, and read sizes, ranges and ETags. */
export function portalCorsRule(portalOrigin: string): CorsRule {
  return {
    allowedOrigins: [new URL(portalOrigin).origin],
    allowedMethods: ['GET', 'HEAD'],
    allowedHeaders: ['*'],
    exposedHeaders: [
      'Content-Length',
      'Content-Range',
      'Content-Type',
      'Accept-Ranges',
      'ETag',
      'Last-Modified',
      'x-ms-*',
    ],
    maxAgeInSeconds: 86400,
  };
}

/** Reads the `<Cors>` rules of a Get Blob Service Properties answer (none when the element is absent or empty). */
export function parseCorsRules(xml: string): CorsRule[] {
  if (!/<StorageServiceProperties[\s>]/.test(xml)) throw new Error('not a Blob service properties answer');
  const list = (s: string | null) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return elements(elements(xml, 'Cors')[0] ?? '', 'CorsRule').map((r) => ({
    allowedOrigins: list(textOf(r, 'AllowedOrigins')),
    allowedMethods: list(textOf(r, 'AllowedMethods')).map((m) => m.toUpperCase()),
    allowedHeaders: list(textOf(r, 'AllowedHeaders')),
    exposedHeaders: list(textOf(r, 'ExposedHeaders')),
    maxAgeInSeconds: Number(textOf(r, 'MaxAgeInSeconds') ?? 0),
  }));
}

/** A Set Blob Service Properties body that replaces the CORS rules and leaves every other setting as it is. */
export function corsPropertiesXml(rules: readonly CorsRule[]): string {
  const rule = (r: CorsRule) =>
    `<CorsRule><AllowedOrigins>${escapeXml(r.allowedOrigins.join(','))}</AllowedOrigins>` +
    `<AllowedMethods>${escapeXml(r.allowedMethods.join(','))}</AllowedMethods>` +
    `<MaxAgeInSeconds>${r.maxAgeInSeconds}</MaxAgeInSeconds>` +
    `<ExposedHeaders>${escapeXml(r.exposedHeaders.join(','))}</ExposedHeaders>` +
    `<AllowedHeaders>${escapeXml(r.allowedHeaders.join(','))}</AllowedHeaders></CorsRule>`;
  return `<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Cors>${rules.map(rule).join('')}</Cors></StorageServiceProperties>`;
}

/** A header list entry matches exactly, as `*`, or as a prefix written `x-ms-meta*`. */
const headerMatches = (list: readonly string[], header: string) =>
  list.some((h) => {
    const entry = h.toLowerCase();
    return entry === '*' || entry === header || (entry.endsWith('*') && header.startsWith(entry.slice(0, -1)));
  });

const originMatches = (rule: CorsRule, origin: string) =>
  rule.allowedOrigins.some((o) => o === '*' || o.toLowerCase() === origin.toLowerCase());

export type CorsVerdict = { ok: true } | { ok: false; why: string };

/**
 * Whether a page on `portalOrigin` can fetch() blobs: the first rule matching its GET (origin + method, as for an
 * actual request) must also allow HEAD and the Range header, and expose the headers the viewer reads.
 */
export function corsAllowsPortal(rules: readonly CorsRule[], portalOrigin: string): CorsVerdict {
  const origin = new URL(portalOrigin).origin;
  const rule = rules.find((r) => originMatches(r, origin) && r.allowedMethods.includes('GET'));
  if (!rule) return { ok: false, why: `no CORS rule of the Blob service allows GET from ${origin}` };
  if (!rule.allowedMethods.includes('HEAD'))
    return { ok: false, why: `the CORS rule for ${origin} allows GET but not HEAD` };
  const missingRequest = NEEDED_REQUEST_HEADERS.filter((h) => !headerMatches(rule.allowedHeaders, h));
  if (missingRequest.length) return { ok: false, why: `the CORS rule for ${origin} does not allow the Range header` };
  const missingExposed = NEEDED_EXPOSED.filter((h) => !headerMatches(rule.exposedHeaders, h));
  if (missingExposed.length)
    return { ok: false, why: `the CORS rule for ${origin} does not expose ${missingExposed.join(', ')}` };
  return { ok: true };
}

/**
 * The rules with the portal's rule first (the first match wins, so an older, narrower rule for the same origin
 * cannot shadow it), dropping rules that name only the portal origin; null when that would exceed five rules.
 */
export function withPortalRule(rules: readonly CorsRule[], portalOrigin: string): CorsRule[] | null {
  const ours = portalCorsRule(portalOrigin);
  const origin = ours.allowedOrigins[0] as string;
  const others = rules.filter((r) => !(r.allowedOrigins.length === 1 && r.allowedOrigins[0]?.toLowerCase() === origin));
  return others.length + 1 > MAX_CORS_RULES ? null : [ours, ...others];
}

/** The rule in the words of the Azure portal's CORS blade (Storage account → Resource sharing (CORS) → Blob service). */
export function corsRuleForPeople(rule: CorsRule): { field: string; value: string }[] {
  return [
    { field: 'Allowed origins', value: rule.allowedOrigins.join(',') },
    { field: 'Allowed methods', value: rule.allowedMethods.join(',') },
    { field: 'Allowed headers', value: rule.allowedHeaders.join(',') },
    { field: 'Exposed headers', value: rule.exposedHeaders.join(',') },
    { field: 'Max age', value: String(rule.maxAgeInSeconds) },
  ];
}
