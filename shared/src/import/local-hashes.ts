import type { LocalHashes } from './dedup-keys';
import { Md5, Sha1, Sha256, toHex } from './digests';
import { QuickXorHash } from './quick-xor-hash';

/**
 * Every hash some destination reports (LocalHashes), in one streaming pass: WebCrypto's digest wants the
 * whole file in memory, which 10,000 camera files cannot afford. MD5 and SHA-1 are here to compare with
 * what clouds already report, not for security.
 */
export class LocalHasher {
  private readonly sha1 = new Sha1();
  private readonly md5 = new Md5();
  private readonly sha256 = new Sha256();
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
      sha1: toHex(this.sha1.digest()),
      md5: toHex(this.md5.digest()),
      sha256: toHex(this.sha256.digest()),
      quickXor: this.quickXor.digest(),
    };
  }
}

/** MD5 of one block, base64, as Blob's Content-MD5 header wants it. */
export function md5Base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of new Md5().update(bytes).digest()) binary += String.fromCharCode(b);
  return btoa(binary);
}

export const hexToBase64 = (hex: string): string =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))));
