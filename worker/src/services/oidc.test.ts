import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyIdToken } from './oidc';

// ID token verification against a locally generated JWKS, inside workerd's WebCrypto.
describe('verifyIdToken', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const other = await generateKeyPair('ES256', { extractable: true });
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'a', alg: 'ES256' }] });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const sign = (claims: Record<string, unknown>, key: CryptoKey = privateKey, exp = now / 1000 + 300) =>
    new SignJWT({ nonce: 'n1', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'a' })
      .setIssuer('https://idp.test')
      .setAudience('portal')
      .setSubject('sub-1')
      .setIssuedAt(now / 1000)
      .setExpirationTime(exp)
      .sign(key);
  const opts = { jwks, issuer: 'https://idp.test', clientId: 'portal', nonce: 'n1', now };

  it('accepts a valid token and reads name and verified email', async () => {
    expect(await verifyIdToken(await sign({ name: 'Ada', email: 'a@x.org', email_verified: true }), opts)).toEqual({
      subject: 'sub-1',
      displayName: 'Ada',
      email: 'a@x.org',
    });
  });

  it('drops an unverified email', async () => {
    expect((await verifyIdToken(await sign({ email: 'a@x.org', email_verified: false }), opts)).email).toBeNull();
  });

  it.each([
    ['a foreign signature', () => sign({}, other.privateKey)],
    ['an expired token', () => sign({}, privateKey, now / 1000 - 10)],
    ['a wrong nonce', () => sign({ nonce: 'n2' })],
  ])('refuses %s', async (_, make) => {
    await expect(verifyIdToken(await make(), opts)).rejects.toMatchObject({ code: 'invalid_id_token', status: 401 });
  });

  it('refuses another issuer or audience', async () => {
    const t = await sign({});
    await expect(verifyIdToken(t, { ...opts, issuer: 'https://evil.test' })).rejects.toMatchObject({ status: 401 });
    await expect(verifyIdToken(t, { ...opts, clientId: 'other' })).rejects.toMatchObject({ status: 401 });
  });
});
