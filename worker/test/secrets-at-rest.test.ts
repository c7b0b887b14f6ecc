import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, json, makeUser, ORIGIN, seedCollection, testApp } from './helpers';

// Scans every row of every table after a session that created each kind of secret, and checks that no secret
// (session, API token, pairing code, share/event token, unlock grant, passcode) is stored in the clear,
// and that no row holds image bytes.

describe('secrets at rest', () => {
  it('stores tokens only as hashes and passcodes only as PBKDF2 derivations', async () => {
    const { app } = testApp();
    const owner = await makeUser('Owner');
    const col = await seedCollection(app, owner, 3);
    const secrets: string[] = [owner.bearer, owner.session];
    const share = await json<{ token: string }>(
      call(app, owner, 'POST', `/api/collections/${col}/shares`, { passcode: 'hunter2-passcode' }),
    );
    secrets.push(share.token, 'hunter2-passcode');
    const unlock = await json<{ unlockToken: string }>(
      call(app, null, 'POST', `/api/public/shares/${share.token}/unlock`, { passcode: 'hunter2-passcode' }),
    );
    secrets.push(unlock.unlockToken);
    const ev = await json<{ token: string }>(
      call(app, owner, 'POST', '/api/events', {
        title: 'E',
        startsAt: '2026-06-01T00:00:00Z',
        endsAt: '2026-06-01T01:00:00Z',
        expiresAt: '2027-01-01T00:00:00Z',
      }),
    );
    secrets.push(ev.token);
    const form = new URLSearchParams({
      redirect_uri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
      state: 'state-123',
      csrf: owner.csrf,
    });
    const paired = await app.request(
      '/auth/pair',
      {
        method: 'POST',
        headers: {
          cookie: `hyp_session=${owner.session}`,
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
      },
      env,
    );
    const code = new URL(paired.headers.get('location')!).searchParams.get('code')!;
    secrets.push(code);
    const issued = await json<{ token: string }>(call(app, null, 'POST', '/api/tokens/exchange', { code }));
    secrets.push(issued.token);

    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ name: string }>();
    let cells = 0;
    for (const { name } of tables.results) {
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
      for (const row of rows.results) {
        for (const value of Object.values(row)) {
          cells++;
          if (value instanceof ArrayBuffer) throw new Error(`${name} holds a blob`);
          const text = String(value);
          for (const s of secrets) expect(text.includes(s), `${name} holds a secret in the clear`).toBe(false);
        }
      }
    }
    expect(cells).toBeGreaterThan(100);
    const hashes = await env.DB.prepare(
      'SELECT token_hash FROM shares UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions',
    ).all<{ token_hash: string }>();
    for (const h of hashes.results) expect(h.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const passcode = await env.DB.prepare('SELECT passcode_hash FROM shares WHERE passcode_hash IS NOT NULL').first<{
      passcode_hash: string;
    }>();
    expect(passcode?.passcode_hash).toMatch(/^pbkdf2-sha256\$100000\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
  });
});
