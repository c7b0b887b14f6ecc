/**
 * PKCE (RFC 7636) with S256, and the random `state` that ties a redirect to the request that caused it.
 * Randomness and hashing come from WebCrypto, which service workers, pages and Node all have.
 */
export type RandomBytes = (n: number) => Uint8Array;
export const webRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes → 43 unreserved characters (the minimum length RFC 7636 allows, 256 bits). */
export const createVerifier = (random: RandomBytes = webRandom) => base64url(random(32));

/** 16 random bytes (128 bits) for `state`. */
export const createState = (random: RandomBytes = webRandom) => base64url(random(16));

/** BASE64URL(SHA256(ASCII(verifier))) */
export async function challengeOf(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new Error('A PKCE verifier has 43-128 unreserved characters');
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
