import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, verdictOf } from './broken-link';
import { publicItem } from './item-factory';

// A loopback server answering as the storages and the portal's relay do. Paths name the answer:
// /ok, /404-drive (Drive's notFound body), /410, /429, /403-quota (Drive's downloadQuotaExceeded), /403 (no reason),
// /relay-503 (the relay's throttle), /relay-404-unknown (the relay does not know the item), /relay-gone.
let server: Server;
let base: string;
let seen: string[] = [];

const driveError = (code: number, reason: string) =>
  JSON.stringify({ error: { code, message: reason, errors: [{ domain: 'global', reason, message: reason }] } });
const portalError = (code: string) => JSON.stringify({ error: { code, message: code } });

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.range ?? ''}`);
    const json = { 'content-type': 'application/json; charset=UTF-8', 'access-control-allow-origin': '*' };
    const answers: Record<string, [number, Record<string, string>, string]> = {
      '/ok': [206, { 'content-type': 'video/mp4', 'content-range': 'bytes 0-0/10' }, 'x'],
      '/404-drive': [404, json, driveError(404, 'notFound')],
      '/410': [410, {}, ''],
      '/429': [429, { 'retry-after': '1.5' }, ''],
      '/403-quota': [403, json, driveError(403, 'downloadQuotaExceeded')],
      '/403': [403, json, driveError(403, 'forbidden')],
      '/relay-503': [503, json, portalError('temporarily_unavailable')],
      '/relay-404-unknown': [404, json, portalError('not_found')],
      '/relay-gone': [404, json, portalError('gone_at_source')],
    };
    const [status, headers, body] = answers[req.url ?? ''] ?? [500, {}, ''];
    res.writeHead(status, headers);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A descriptor whose download form is `download` and whose relay (when given) answers as `relay`. */
function item(download: string | null, relay: string | null, thumbnail = '/404-drive') {
  const d = {
    provider: 'gdrive' as const,
    grid: [`${base}${thumbnail}`],
    full: download && `${base}${download}`,
    download: download && `${base}${download}`,
    relaySource: relay ? 'https://www.googleapis.com/x' : null,
    referrer: 'strict-origin' as const,
  };
  return { it: publicItem('video', d), relayUrlOf: () => (relay ? `${base}${relay}` : null) };
}
const verdict = async (download: string | null, relay: string | null) => {
  const x = item(download, relay);
  return diagnose(x.it, x.relayUrlOf);
};

describe('diagnose: reported dead only on an explicit "gone"', () => {
  it('404 with notFound and 410 are gone; so is the relay saying the source has it no more', async () => {
    expect(await verdict('/404-drive', null)).toBe('gone');
    expect(await verdict('/410', null)).toBe('gone');
    expect(await verdict('/ok', '/relay-gone')).toBe('gone');
  });

  it('throttles are never gone: 429, a quota 403, the relay answering 503', async () => {
    expect(await verdict('/429', null)).toBe('throttled');
    expect(await verdict('/403-quota', null)).toBe('throttled');
    expect(await verdict('/404-drive', '/relay-503')).toBe('throttled');
  });

  it('a refusal without a reason, a network error, or no readable source says nothing', async () => {
    expect(await verdict('/403', null)).toBe('unknown');
    expect(await verdict(null, null)).toBe('unknown');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const x = publicItem('image', null);
    expect(await diagnose({ ...x, originalUrl: `http://127.0.0.1:${port}/x` }, () => null)).toBe('unknown');
  });

  it('a video whose thumbnail 404s is alive: the probe asks the video (first byte only), never the thumbnail', async () => {
    seen = [];
    expect(await verdict('/ok', null)).toBe('alive');
    expect(seen).toEqual(['/ok bytes=0-0']);
  });

  it('the relay not knowing an item is not "gone"; the next source decides', async () => {
    expect(await verdict('/ok', '/relay-404-unknown')).toBe('alive');
    expect(await verdict(null, '/relay-404-unknown')).toBe('unknown');
  });

  it('an expired link is known from its published expiry without asking', async () => {
    seen = [];
    const x = { ...publicItem('image', null), linkExpiresAt: new Date(Date.UTC(2024, 0, 1)).toISOString() };
    expect(await diagnose(x, () => null, Date.UTC(2025, 0, 1))).toBe('expired');
    expect(seen).toEqual([]);
  });
});

describe('verdictOf', () => {
  it('reads Graph and Drive reasons whatever the status', () => {
    expect(verdictOf(404, { error: { code: 'itemNotFound' } }, false)).toBe('gone');
    expect(verdictOf(403, { error: { errors: [{ reason: 'userRateLimitExceeded' }] } }, false)).toBe('throttled');
    expect(verdictOf(401, { error: { code: 'unauthenticated' } }, false)).toBe('unknown');
    expect(verdictOf(404, null, true)).toBe('unknown');
  });
});
