import { describe, expect, it } from 'vitest';
import { startWranglerDev } from './wrangler-dev';

describe('wrangler dev launcher', () => {
  it('applies migrations, serves the worker with the given vars on loopback, and stops cleanly', {
    timeout: 120_000,
  }, async () => {
    const dev = await startWranglerDev({
      vars: {
        OIDC_PROVIDERS: JSON.stringify([
          { id: 'dev', name: 'Dev ID', issuer: 'http://127.0.0.1:1', clientId: 'c', secretName: 'S' },
        ]),
      },
    });
    try {
      expect(await (await fetch(`${dev.origin}/api/health`)).json()).toEqual({ ok: true, service: 'hypomos' });
      // The var with colons in it (JSON with a URL) arrives intact.
      expect(await (await fetch(`${dev.origin}/auth/providers`)).json()).toEqual({
        providers: [{ id: 'dev', name: 'Dev ID', loginUrl: '/auth/login/dev' }],
      });
      // The migrations ran: an unknown share token is looked up in D1 and answers 404, not 500.
      expect((await fetch(`${dev.origin}/api/public/shares/${'A'.repeat(43)}`)).status).toBe(404);
    } finally {
      await dev.stop();
    }
    await expect(fetch(`${dev.origin}/api/health`)).rejects.toThrow();
  });
});
