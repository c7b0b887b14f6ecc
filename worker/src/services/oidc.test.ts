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

  it('trusts an email only when the token says it is verified (no claim, as in Microsoft tokens: not trusted)', async () => {
    expect((await verifyIdToken(await sign({ name: 'M', email: 'dave@x.org' }), opts)).email).toBeNull();
    expect((await verifyIdToken(await sign({ email: 'a@x.org', email_verified: 'true' }), opts)).email).toBeNull();
  });

  it("follows Microsoft's documented rule: xms_edov (domain owner verified) for login.microsoftonline.com", async () => {
    const ms = 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0';
    const signMs = (claims: Record<string, unknown>) =>
      new SignJWT({ nonce: 'n1', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'a' })
        .setIssuer(ms)
        .setAudience('portal')
        .setSubject('sub-ms')
        .setIssuedAt(now / 1000)
        .setExpirationTime(now / 1000 + 300)
        .sign(privateKey);
    const msOpts = { ...opts, issuer: ms };
    expect((await verifyIdToken(await signMs({ email: 'd@contoso.com', xms_edov: true }), msOpts)).email).toBe(
      'd@contoso.com',
    );
    expect((await verifyIdToken(await signMs({ email: 'd@contoso.com' }), msOpts)).email).toBeNull();
    expect((await verifyIdToken(await signMs({ email: 'd@contoso.com', xms_edov: false }), msOpts)).email).toBeNull();
  });

  it('never uses an email as the display name: the part before @, or "Guest"', async () => {
    const named = async (claims: Record<string, unknown>) =>
      (await verifyIdToken(await sign(claims), opts)).displayName;
    expect(await named({ email: 'dave.smith@x.org', email_verified: true })).toBe('dave.smith');
    expect(await named({ email: 'dave.smith@x.org' })).toBe('dave.smith');
    expect(await named({})).toBe('Guest');
    expect(await named({ name: '   ' })).toBe('Guest');
    expect(await named({ name: 'eve@x.org' })).toBe('eve');
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
