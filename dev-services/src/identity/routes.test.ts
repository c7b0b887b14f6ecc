import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authority } from './authority';
import { handleIdentity } from './routes';

let server: Server;
let base = '';
let now = 1_000_000;
const authority = new Authority({ flavor: 'google', accessTtlSec: 60, now: () => now });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    if (!(await handleIdentity(authority, req, res, new URL(req.url ?? '/', 'http://x')))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const authorize = (params: Record<string, string>) =>
  fetch(`${base}/o/oauth2/v2/auth?${new URLSearchParams(params)}`, { redirect: 'manual' });
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const good = {
  client_id: 'c',
  response_type: 'code',
  redirect_uri: 'https://app.example/cb',
  scope: 'drive',
  state: 's',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
};

describe('OAuth endpoints', () => {
  it('requires PKCE S256 and redirects errors back with the state', async () => {
    const plain = await authorize({ ...good, code_challenge_method: 'plain' });
    const location = new URL(plain.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('only takes form-encoded token requests, and codes once', async () => {
    const code = new URL((await authorize(good)).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: 'c',
      redirect_uri: good.redirect_uri,
      code_verifier: VERIFIER,
    };
    const asJson = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(form),
    });
    expect(asJson.status).toBe(400);
    const ok = await fetch(`${base}/token`, { method: 'POST', body: new URLSearchParams(form) });
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { access_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(60);
    expect(authority.check(`Bearer ${tokens.access_token}`)).toBe('ok');
    now += 61_000;
    expect(authority.check(`Bearer ${tokens.access_token}`)).toBe('expired');
    const replay = await fetch(`${base}/token`, { method: 'POST', body: new URLSearchParams(form) });
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
