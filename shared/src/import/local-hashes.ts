import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LocalHashes } from './dedup-keys';
import { QuickXorHash } from './quick-xor-hash';

/**
 * Every hash some destination reports (LocalHashes), in one streaming pass: WebCrypto's digest wants the
 * whole file in memory, which 10,000 camera files cannot afford. MD5 and SHA-1 are here to compare with
 * what clouds already report, not for security.
 */
export class LocalHasher {
  private readonly sha1 = sha1.create();
  private readonly md5 = md5.create();
  private readonly sha256 = sha256.create();
  private readonly quickXor = new QuickXorHash();

  update(bytes: Uint8Array): this {
    this.sha1.update(bytes);
    this.md5.update(bytes);
    this.sha256.update(bytes);
    this.quickXor.update(bytes);
    return this;
  }

  digest(): LocalHashes {
    return {
      sha1: bytesToHex(this.sha1.digest()),
      md5: bytesToHex(this.md5.digest()),
      sha256: bytesToHex(this.sha256.digest()),
      quickXor: this.quickXor.digest(),
    };
  }
}

/** MD5 of one block, base64, as Blob's Content-MD5 header wants it. */
export function md5Base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of md5(bytes)) binary += String.fromCharCode(b);
  return btoa(binary);
}

export const hexToBase64 = (hex: string): string =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))));
