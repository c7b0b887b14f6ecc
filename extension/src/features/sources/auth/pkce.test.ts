import { describe, expect, it } from 'vitest';
import { base64url, challengeOf, createState, createVerifier } from './pkce';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 43-character verifiers and 22-character states from the random source', () => {
    const verifier = createVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(verifier);
    expect(createState(() => new Uint8Array(16).fill(255))).toBe('_____________________w');
  });

  it('rejects verifiers outside the RFC alphabet or length', async () => {
    await expect(challengeOf('short')).rejects.toThrow(/43-128/);
    await expect(challengeOf(`${'a'.repeat(42)}!`)).rejects.toThrow();
  });

  it('base64url-encodes without padding', () => {
    expect(base64url(new Uint8Array([251, 255]))).toBe('-_8');
  });
});
