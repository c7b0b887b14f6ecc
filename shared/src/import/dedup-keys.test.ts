import { describe, expect, it } from 'vitest';
import { indexedKeys, type LocalHashes, localKeys, verifyRemote } from './dedup-keys';

const local: LocalHashes = {
  sha1: 'a'.repeat(40),
  md5: 'bcebd85a0dd49ca81b11c86891cce4c9',
  sha256: 'c'.repeat(64),
  quickXor: 'O9tHLAghgSvYohKFyMMxnNCHaHg=',
};

describe('dedup keys', () => {
  it('reads the hashes each scanner stores, in any case, and our own sha256', () => {
    expect(
      indexedKeys({ contentHashes: { sha1: 'A'.repeat(40), quickxor: local.quickXor, crc32: '1234' }, sha256: null }),
    ).toEqual([`sha1:${local.sha1}`, `quickxor:${local.quickXor}`]);
    expect(indexedKeys({ contentHashes: { md5: local.md5.toUpperCase() }, sha256: 'C'.repeat(64) })).toEqual([
      `md5:${local.md5}`,
      `sha256:${local.sha256}`,
    ]);
  });

  it('gives local keys in the same shape, so one set lookup compares across clouds', () => {
    const keys = new Set(localKeys(local));
    expect(indexedKeys({ contentHashes: { md5: local.md5 }, sha256: null }).every((k) => keys.has(k))).toBe(true);
  });
});

describe('verifyRemote', () => {
  it('accepts what the provider reports when it equals ours', () => {
    expect(verifyRemote({ sha1: 'A'.repeat(40), quickXorHash: local.quickXor }, local)).toEqual({
      ok: true,
      by: ['sha1', 'quickXorHash'],
    });
    // Blob's Content-MD5 is base64 of the digest.
    expect(verifyRemote({ contentMd5: 'vOvYWg3UnKgbEchokczkyQ==' }, local)).toEqual({ ok: true, by: ['Content-MD5'] });
  });

  it('fails on any difference, and when the provider reported nothing', () => {
    expect(verifyRemote({ md5: local.md5, sha256: 'd'.repeat(64) }, local)).toEqual({
      ok: false,
      reason: "the destination's sha256 differs from the local file",
    });
    expect(verifyRemote({}, local).ok).toBe(false);
  });
});
