import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../metadata/test-readers';
import { LocalHashes } from './dedup-keys';
import { hexToBase64, LocalHasher, md5Base64 } from './local-hashes';
import { quickXorHash } from './quick-xor-hash';

const photo = corpusFile('exifr-fixtures/canon-dslr.jpg');
const node = (algo: string, bytes: Uint8Array) => createHash(algo).update(bytes).digest('hex');

describe('LocalHasher', () => {
  it('gives node:crypto’s SHA-1, MD5 and SHA-256 and OneDrive’s quickXorHash, fed in uneven chunks', async () => {
    const hasher = await LocalHasher.create();
    for (let at = 0, step = 1; at < photo.length; at += step, step = step * 3 + 7)
      hasher.update(photo.subarray(at, at + step));
    const hashes = LocalHashes.parse(hasher.digest());
    expect(hashes).toEqual({
      sha1: node('sha1', photo),
      md5: node('md5', photo),
      sha256: node('sha256', photo),
      quickXor: quickXorHash(photo),
    });
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000])(
    'gives node:crypto’s digests for %i bytes (padding edges)',
    async (n) => {
      const bytes = photo.subarray(0, n);
      const hashes = (await LocalHasher.create()).update(bytes).digest();
      expect([hashes.sha1, hashes.md5, hashes.sha256]).toEqual([
        node('sha1', bytes),
        node('md5', bytes),
        node('sha256', bytes),
      ]);
    },
  );

  it('writes MD5 in base64 as Content-MD5 carries it', async () => {
    expect(await md5Base64(photo)).toBe(createHash('md5').update(photo).digest('base64'));
    expect(hexToBase64(node('md5', photo))).toBe(await md5Base64(photo));
  });
});
