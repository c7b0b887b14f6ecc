import { describe, expect, it } from 'vitest';
import { redundantCopies, type ShareCopy } from './collapse-copies';

const copy = (key: string, sourceKind: ShareCopy['sourceKind'], hashes: Partial<ShareCopy> = {}): ShareCopy => ({
  key,
  sourceKind,
  sha256: null,
  contentHashes: {},
  ...hashes,
});

describe('redundantCopies', () => {
  it('keeps one copy of a photo held in two clouds, the one guests are served best', () => {
    const copies = [
      copy('gdrive:1', 'gdrive', { sha256: 'aa' }),
      copy('blob:1', 'azblob', { sha256: 'aa' }),
      copy('local:1', 'local', { sha256: 'aa' }),
      copy('onedrive:2', 'onedrive', { sha256: 'bb' }),
    ];
    expect([...redundantCopies(copies, new Set())].sort()).toEqual(['gdrive:1', 'local:1']);
  });

  it('matches copies on any one provider hash of the same algorithm, case-insensitively', () => {
    const copies = [
      copy('gdrive:1', 'gdrive', { contentHashes: { md5: 'ABCD' } }),
      copy('blob:1', 'azblob', { contentHashes: { md5: 'abcd' } }),
      copy('onedrive:1', 'onedrive', { contentHashes: { sha1: 'abcd' } }),
    ];
    expect([...redundantCopies(copies, new Set())]).toEqual(['gdrive:1']);
  });

  it('keeps the copy the portal already holds, so a guest sees no churn', () => {
    const copies = [copy('local:1', 'local', { sha256: 'aa' }), copy('blob:1', 'azblob', { sha256: 'aa' })];
    expect([...redundantCopies(copies, new Set(['local:1']))]).toEqual(['blob:1']);
  });

  it('leaves photos without a known hash, and different photos, alone', () => {
    const copies = [copy('a', 'local'), copy('b', 'local'), copy('c', 'azblob', { sha256: 'x' })];
    expect(redundantCopies(copies, new Set()).size).toBe(0);
  });

  it('chooses the same copy whatever the order of the input', () => {
    const copies = [
      copy('onedrive:b', 'onedrive', { sha256: 'aa' }),
      copy('onedrive:a', 'onedrive', { sha256: 'aa' }),
      copy('gdrive:c', 'gdrive', { sha256: 'aa' }),
    ];
    const forward = [...redundantCopies(copies, new Set())].sort();
    const backward = [...redundantCopies([...copies].reverse(), new Set())].sort();
    expect(forward).toEqual(['gdrive:c', 'onedrive:b']);
    expect(backward).toEqual(forward);
  });
});
