import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFailure } from './broken-link';

// A loopback server answering as a storage host does for a live file, a revoked link and an expired one.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = Number(req.url?.slice(1)) || 200;
    res.writeHead(status, { 'content-type': 'image/heic' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('classifyFailure', () => {
  it('tells an undecodable but reachable file from a dead link', async () => {
    expect(await classifyFailure(`${base}/200`, null)).toBe('undecodable');
    expect(await classifyFailure(`${base}/404`, null)).toBe('not_found');
    expect(await classifyFailure(`${base}/410`, null)).toBe('not_found');
    expect(await classifyFailure(`${base}/403`, null)).toBe('forbidden');
  });

  it('reports an expired link without asking the host, and an unreachable host as network', async () => {
    const past = new Date(Date.UTC(2024, 0, 1)).toISOString();
    expect(await classifyFailure(`${base}/200`, past, Date.UTC(2025, 0, 1))).toBe('expired');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await classifyFailure(`http://127.0.0.1:${port}/x`, null)).toBe('network');
  });
});
