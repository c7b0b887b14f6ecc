import { describe, expect, it } from 'vitest';
import { portalCorsRule } from './azure-cors';
import { azCliCorsCommand, type CorsProbeOutcome, CorsProbeResult, corsProbeVerdict } from './azure-cors-probe';

const portal = 'https://portal.example';
const answered = (status: number, contentRange: string | null, etag: string | null) =>
  ({ kind: 'answered', status, contentRange, etag }) as const;
const blocked = { kind: 'blocked', message: 'TypeError: Failed to fetch' } as const;
const result = (plain: CorsProbeOutcome, preflighted: CorsProbeOutcome = plain) =>
  CorsProbeResult.parse({ type: 'hypomos.corsProbe.result', id: '1', plain, preflighted });
const ok = answered(206, 'bytes 0-0/10', '"0x1"');

describe('the CORS test in words', () => {
  it('works only on a 206 whose Content-Range and ETag the page could read, with and without a preflight', () => {
    expect(corsProbeVerdict(result(ok), portal)).toMatchObject({ ok: true, words: expect.stringMatching(/^Works/) });
    expect(corsProbeVerdict(result(answered(206, null, '"0x1"')), portal)).toEqual({
      ok: false,
      words: expect.stringContaining('does not expose Content-Range'),
    });
    expect(corsProbeVerdict(result(answered(200, 'x', 'y')), portal).ok).toBe(false);
    expect(corsProbeVerdict(result(ok, blocked), portal)).toEqual({
      ok: false,
      words: expect.stringMatching(/^Partly: .*allowed headers to \*/),
    });
  });

  it('tells a blocked request (no rule) from a refused link and a missing blob', () => {
    expect(corsProbeVerdict(result(blocked), `${portal}/s/x`).words).toMatch(
      /^Failed: the browser blocked a request from https:\/\/portal\.example to the blob/,
    );
    expect(corsProbeVerdict(result(answered(403, null, null)), portal).words).toMatch(
      /refused the link itself \(403\)/,
    );
    expect(corsProbeVerdict(result(answered(404, null, null)), portal).words).toMatch(/gone \(404\)/);
  });

  it('refuses a probe message that is not one', () => {
    expect(
      CorsProbeResult.safeParse({
        type: 'hypomos.corsProbe.result',
        id: '1',
        plain: { kind: 'ok' },
        preflighted: blocked,
      }).success,
    ).toBe(false);
  });

  it('writes the rule as one Azure CLI command, quoting what the shell would expand', () => {
    expect(azCliCorsCommand(portalCorsRule(portal), 'photos1')).toBe(
      "az storage cors add --services b --account-name 'photos1' --origins 'https://portal.example' --methods GET HEAD " +
        "--allowed-headers '*' --exposed-headers 'Content-Length' 'Content-Range' 'Content-Type' 'Accept-Ranges' 'ETag' " +
        "'Last-Modified' 'x-ms-*' --max-age 86400",
    );
  });
});
