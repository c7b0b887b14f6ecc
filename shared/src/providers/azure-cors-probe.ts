import { z } from 'zod';
import type { CorsRule } from './azure-cors';

/**
 * The "Test" of a Blob account's CORS rule: a page on the portal origin (the worker's /tools/blob-cors-test) fetches
 * one byte of a blob twice: with Range alone, as a guest's download does (Chromium safelists a simple Range and sends
 * no preflight), and with a non-safelisted header too, so the browser must ask first (preflight), as browsers that do
 * not safelist Range do. Messages cross a frame boundary between the extension page and that page: both sides parse.
 */
export const CORS_PROBE_PATH = '/tools/blob-cors-test';
/** A header the Blob service accepts on any request (x-ms-client-request-id, logged by Azure): forces a preflight. */
export const PROBE_HEADER = 'x-ms-client-request-id';

export const CorsProbeReady = z.object({ type: z.literal('hypomos.corsProbe.ready') });
export const CorsProbeRun = z.object({
  type: z.literal('hypomos.corsProbe.run'),
  id: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/ }).max(8192),
});
const Outcome = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answered'),
    status: z.number().int(),
    contentRange: z.string().max(200).nullable(),
    etag: z.string().max(200).nullable(),
  }),
  /** fetch() rejected: the preflight was refused, the answer had no matching Allow-Origin, or the network failed. */
  z.object({ kind: z.literal('blocked'), message: z.string().max(500) }),
]);
export type CorsProbeOutcome = z.infer<typeof Outcome>;
export const CorsProbeResult = z.object({
  type: z.literal('hypomos.corsProbe.result'),
  id: z.string().max(64),
  plain: Outcome,
  preflighted: Outcome,
});
export type CorsProbeResult = z.infer<typeof CorsProbeResult>;

export interface CorsProbeVerdict {
  ok: boolean;
  words: string;
}

/** What the test saw, in words for the owner. */
export function corsProbeVerdict(result: CorsProbeResult, portalOrigin: string): CorsProbeVerdict {
  const origin = new URL(portalOrigin).origin;
  const { plain, preflighted } = result;
  if (plain.kind === 'blocked')
    return {
      ok: false,
      words: `Failed: the browser blocked a request from ${origin} to the blob. The Blob service has no CORS rule that allows ${origin} to GET (or the storage could not be reached). Guests can still see photos and videos, but downloads and “Download all” go through the portal’s relay, or fail where the relay is off.`,
    };
  if (plain.status === 403 || plain.status === 401)
    return {
      ok: false,
      words: `Failed: the CORS rule let ${origin} through, but the storage refused the link itself (${plain.status}): the SAS or the key is no longer valid.`,
    };
  if (plain.status === 404)
    return { ok: false, words: `Failed: the CORS rule let ${origin} through, but the test blob is gone (404).` };
  if (plain.status !== 206)
    return {
      ok: false,
      words: `Failed: the storage answered ${plain.status} instead of one byte (206) to a Range request from ${origin}.`,
    };
  const hidden = [plain.contentRange ? null : 'Content-Range', plain.etag ? null : 'ETag'].filter(Boolean);
  if (hidden.length)
    return {
      ok: false,
      words: `Almost: ${origin} read one byte of the blob, but the rule does not expose ${hidden.join(' and ')}. Add them to the exposed headers.`,
    };
  if (preflighted.kind === 'blocked' || preflighted.status !== 206)
    return {
      ok: false,
      words: `Partly: a plain Range request from ${origin} works, but one the browser must check first (preflight) was refused, and some browsers check every Range request. Set the rule’s allowed headers to *.`,
    };
  return {
    ok: true,
    words: `Works: a page on ${origin} fetched one byte of the blob with Range, with and without a preflight (206, Content-Range and ETag readable).`,
  };
}

/** The same rule as an Azure CLI command (`az storage cors add`), for owners who prefer a terminal to the portal. */
export function azCliCorsCommand(rule: CorsRule, account: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  return [
    'az storage cors add --services b',
    `--account-name ${quote(account)}`,
    `--origins ${rule.allowedOrigins.map(quote).join(' ')}`,
    `--methods ${rule.allowedMethods.join(' ')}`,
    `--allowed-headers ${rule.allowedHeaders.map(quote).join(' ')}`,
    `--exposed-headers ${rule.exposedHeaders.map(quote).join(' ')}`,
    `--max-age ${rule.maxAgeInSeconds}`,
  ].join(' ');
}
