import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttp, parseRetryAfter, rangeBody, redact } from './http';

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds, fractional included', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(' 1.25 ', now)).toBe(1250);
  });
  it('reads an HTTP-date as the time left, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});

describe('HTTP error mapping (real loopback server)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, status, extra] = /^\/(\d+)(?:\/([^?]*))?/.exec(req.url ?? '') ?? [];
      if (status === '200') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(extra === 'bad' ? '{"value":"nope"}' : extra === 'text' ? 'hello' : '{"value":[1,2]}');
      }
      const headers: Record<string, string> = extra ? { 'Retry-After': decodeURIComponent(extra) } : {};
      res.writeHead(Number(status), { 'Content-Type': 'application/json', ...headers });
      res.end(
        status === '403' && extra === undefined ? '{"error":{"errors":[{"reason":"userRateLimitExceeded"}]}}' : '{}',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const http = createHttp({ fetch, now: () => Date.parse('2026-01-01T00:00:00Z') });
  const schema = z.object({ value: z.array(z.number()) });
  const kindOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { kind: string; retryAfterMs: number | null }) => [e.kind, e.retryAfterMs],
    );

  it('validates JSON bodies with zod', async () => {
    expect(await http.json(`${base}/200`, schema)).toEqual({ value: [1, 2] });
    expect(await kindOf(http.json(`${base}/200/bad`, schema))).toEqual(['bad_response', null]);
    expect(await kindOf(http.json(`${base}/200/text`, schema))).toEqual(['bad_response', null]);
  });

  it('maps statuses to provider error kinds', async () => {
    expect(await kindOf(http.request(`${base}/429/0.5`))).toEqual(['throttled', 500]);
    expect(await kindOf(http.request(`${base}/503/${encodeURIComponent('Thu, 01 Jan 2026 00:00:02 GMT')}`))).toEqual([
      'throttled',
      2000,
    ]);
    expect(await kindOf(http.request(`${base}/403`))).toEqual(['throttled', null]);
    expect(await kindOf(http.request(`${base}/410`))).toEqual(['gone', null]);
    expect(await kindOf(http.request(`${base}/404`))).toEqual(['not_found', null]);
    expect(await kindOf(http.request(`${base}/401`))).toEqual(['unauthorized', null]);
    expect(await kindOf(http.request(`${base}/500`))).toEqual(['network', null]);
    expect(await kindOf(http.request('http://127.0.0.1:1/'))).toEqual(['network', null]);
  });

  it('keeps SAS signatures and tokens out of error messages', async () => {
    const error = await http.request(`${base}/404?sig=SECRET`).catch((e: Error) => e);
    expect((error as Error).message).not.toContain('SECRET');
    expect(redact('https://a/b?sig=x')).toBe('https://a/b?…');
  });

  it('cuts a 200 answer to the asked window when a server ignores Range', () => {
    expect(Array.from(rangeBody(200, new Uint8Array([0, 1, 2, 3, 4]), 1, 3))).toEqual([1, 2]);
    expect(Array.from(rangeBody(206, new Uint8Array([7, 8]), 1, 3))).toEqual([7, 8]);
  });
});
