import { constantTimeEqual, encodeToken, TOKEN_BYTES, toHex } from '@hypomos/shared/sharing/tokens';

// The only place that touches WebCrypto: randomness, hashing and passcode derivation.

/** A fresh bearer secret with 256 random bits. */
export function newToken(): string {
  return encodeToken(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** Row ids: 128 random bits, url-safe, 22 characters. */
export function newId(): string {
  return encodeToken(crypto.getRandomValues(new Uint8Array(16)));
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

const PBKDF2_ITERATIONS = 100_000; // the Workers runtime caps PBKDF2 at 100k iterations

/** Passcodes are stored as `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toHex(salt)}$${await derive(passcode, salt, PBKDF2_ITERATIONS)}`;
}

export async function verifyPasscode(passcode: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltHex, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iter || !saltHex || !hash) return false;
  const salt = new Uint8Array(saltHex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
  return constantTimeEqual(await derive(passcode, salt, Number(iter)), hash);
}

async function derive(passcode: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(passcode), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toHex(new Uint8Array(bits));
}

/** PKCE S256 challenge for a verifier (RFC 7636). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return encodeToken(digest);
}
