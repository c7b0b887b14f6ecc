import { createMD5, createSHA1, createSHA256, type IHasher, md5 } from 'hash-wasm';
import type { LocalHashes } from './dedup-keys';
import { QuickXorHash } from './quick-xor-hash';

/**
 * Every hash some destination reports (LocalHashes), in one streaming pass: WebCrypto's digest wants the whole
 * file in memory, which 10,000 camera files cannot afford. hash-wasm streams MD5, SHA-1 and SHA-256 in WebAssembly,
 * several times faster than a JavaScript implementation. MD5 and SHA-1 are here to compare with what clouds
 * already report, not for security.
 */
export class LocalHasher {
  private constructor(
    private readonly sha1: IHasher,
    private readonly md5: IHasher,
    private readonly sha256: IHasher,
    private readonly quickXor = new QuickXorHash(),
  ) {}

  static async create(): Promise<LocalHasher> {
    const [sha1, md5, sha256] = await Promise.all([createSHA1(), createMD5(), createSHA256()]);
    return new LocalHasher(sha1.init(), md5.init(), sha256.init());
  }

  update(bytes: Uint8Array): this {
    this.sha1.update(bytes);
    this.md5.update(bytes);
    this.sha256.update(bytes);
    this.quickXor.update(bytes);
    return this;
  }

  digest(): LocalHashes {
    return {
      sha1: this.sha1.digest('hex'),
      md5: this.md5.digest('hex'),
      sha256: this.sha256.digest('hex'),
      quickXor: this.quickXor.digest(),
    };
  }
}

/** MD5 of one block, base64, as Blob's Content-MD5 header wants it. */
export async function md5Base64(bytes: Uint8Array): Promise<string> {
  return hexToBase64(await md5(bytes));
}

export const hexToBase64 = (hex: string): string =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))));
