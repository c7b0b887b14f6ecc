/**
 * Token rules shared by share links, event links, sessions, API tokens and pairing codes.
 * Pure: randomness and hashing are passed in by the caller (the worker's crypto repository).
 */

/** 32 random bytes = 256 bits, well above the 128-bit floor. */
export const TOKEN_BYTES = 32;
/** base64url of 32 bytes without padding. */
export const TOKEN_LENGTH = 43;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function encodeToken(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error('A token needs at least 128 random bits.');
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Cheap shape check done before any lookup, so forged garbage never reaches the database. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * Compares two strings in time that depends only on their length, so a timing side channel
 * cannot reveal how much of a guessed hash matched.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
