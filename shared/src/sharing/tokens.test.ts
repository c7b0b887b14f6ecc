import { describe, expect, it } from 'vitest';
import { constantTimeEqual, encodeToken, isWellFormedToken, TOKEN_BYTES, TOKEN_LENGTH, toHex } from './tokens';

describe('token rules', () => {
  it('encodes 256 random bits as 43 url-safe characters', () => {
    const bytes = new Uint8Array(TOKEN_BYTES).map((_, i) => (i * 37 + 250) % 256);
    const token = encodeToken(bytes);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(isWellFormedToken(token)).toBe(true);
    expect(token).not.toMatch(/[+/=]/);
  });

  it('refuses fewer than 128 bits', () => {
    expect(() => encodeToken(new Uint8Array(15))).toThrow(/128/);
  });

  it('rejects forged shapes before lookup', () => {
    for (const bad of ['', 'abc', `${'a'.repeat(42)}!`, 'a'.repeat(44), '../../etc/passwd'])
      expect(isWellFormedToken(bad)).toBe(false);
  });

  it('compares equal and unequal strings, including different lengths', () => {
    expect(constantTimeEqual('abcdef', 'abcdef')).toBe(true);
    expect(constantTimeEqual('abcdef', 'abcdeg')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('hex-encodes bytes', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });
});
