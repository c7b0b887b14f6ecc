import { describe, expect, it } from 'vitest';
import { codeFromRedirect, type KeyValue, pairUrl, readPortal, setPortalOrigin } from './pairing';

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
});
