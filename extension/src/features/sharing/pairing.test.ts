import { describe, expect, it } from 'vitest';
import {
  codeFromRedirect,
  completePairing,
  type KeyValue,
  pairUrl,
  PORTAL_KEY,
  portalDriveApiKey,
  readPortal,
  setPortalOrigin,
} from './pairing';

const memory = (): KeyValue => {
  const m = new Map<string, unknown>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v) };
};

describe('pairing', () => {
  it('builds the /auth/pair URL and reads the code only from the answer to our own state', () => {
    const url = new URL(pairUrl('https://portal.example', 'https://abc.chromiumapp.org/portal', 'state-1234'));
    expect(url.pathname).toBe('/auth/pair');
    expect(url.searchParams.get('redirect_uri')).toBe('https://abc.chromiumapp.org/portal');
    expect(codeFromRedirect('https://abc.chromiumapp.org/portal?code=c0de&state=state-1234', 'state-1234')).toBe(
      'c0de',
    );
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/portal?code=c0de&state=other', 'state-1234')).toThrow(
      /does not belong/,
    );
    expect(() =>
      codeFromRedirect('https://abc.chromiumapp.org/portal?error=access_denied&state=state-1234', 'state-1234'),
    ).toThrow(/refused/);
  });

  it('forgets the token when the portal address changes, and refuses non-http addresses', async () => {
    const store = memory();
    await setPortalOrigin(store, 'https://a.example/app');
    await store.set('hypomos.portal', { ...(await readPortal(store))!, token: 't', tokenId: 'i', pairedAs: 'x' });
    await setPortalOrigin(store, 'https://a.example/');
    expect((await readPortal(store))?.token).toBe('t');
    await setPortalOrigin(store, 'https://b.example');
    expect(await readPortal(store)).toMatchObject({ origin: 'https://b.example', token: null });
    await expect(setPortalOrigin(store, 'ftp://c.example')).rejects.toThrow(/https/);
  });

  it("keeps the portal's Drive API key from the pairing answer, and forgets it with the token", async () => {
    const store = memory();
    await setPortalOrigin(store, 'https://portal.example');
    const answer = (portal: unknown) => async () =>
      new Response(
        JSON.stringify({
          token: 'tok',
          info: {
            id: 'tk1',
            name: 'Hypomos extension',
            createdAt: '2026-12-03T00:00:00.000Z',
            lastUsedAt: null,
            expiresAt: '2027-03-03T00:00:00.000Z',
          },
          ...(portal === undefined ? {} : { portal }),
        }),
        { status: 201 },
      );
    await completePairing(store, answer({ driveApiKey: 'AIza-portal' }), 'https://portal.example', 'c', 'ext');
    expect(await portalDriveApiKey(store)).toBe('AIza-portal');
    // A portal that answers a malformed key is refused (zod), not trusted.
    await expect(
      completePairing(store, answer({ driveApiKey: 42 }), 'https://portal.example', 'c', 'ext'),
    ).rejects.toThrow(/unexpected answer/);
    // An older portal sends no `portal` field: no key.
    await completePairing(store, answer(undefined), 'https://portal.example', 'c', 'ext');
    expect(await portalDriveApiKey(store)).toBeNull();
    // Settings stored before the field existed read as "no key".
    await store.set(PORTAL_KEY, {
      version: 1,
      origin: 'https://portal.example',
      token: 't',
      tokenId: 'i',
      pairedAs: 'x',
    });
    expect(await portalDriveApiKey(store)).toBeNull();
  });
});
