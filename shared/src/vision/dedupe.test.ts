import { describe, expect, it } from 'vitest';
import { duplicateGroupsBruteForce, exactGroups, type HashedItem } from './dedupe';
import { duplicateGroups } from './dedupe-index';

const item = (key: string, over: Partial<HashedItem> = {}): HashedItem => ({ key, sha256: null, phash: null, ...over });

describe('duplicate groups', () => {
  it('groups identical bytes by SHA-256 or by one provider hash algorithm, across sources', () => {
    const groups = exactGroups([
      item('od:1', { sha256: 'aa' }),
      item('gd:7', { sha256: 'aa' }),
      item('od:2', { contentHashes: { quickXorHash: 'Q1' } }),
      item('od:3', { contentHashes: { quickxorhash: 'q1' } }),
      item('gd:8', { contentHashes: { md5: 'Q1' } }),
    ]);
    expect(groups).toEqual([
      ['gd:7', 'od:1'],
      ['od:2', 'od:3'],
    ]);
  });

  it('lists an exact group once inside the near group it belongs to', () => {
    const groups = duplicateGroups([
      item('a', { sha256: 's1', phash: '0000000000000000' }),
      item('b', { sha256: 's1', phash: '0000000000000000' }),
      item('c', { sha256: 's2', phash: '0000000000000007' }),
      item('d', { sha256: 's3', phash: 'ffffffffffffffff' }),
    ]);
    expect(groups).toEqual([
      { kind: 'exact', keys: ['a', 'b'] },
      { kind: 'near', keys: ['a', 'b', 'c'] },
    ]);
  });

  it('respects the distance bound and matches through a flipped variant', () => {
    const a = item('a', { phash: '00000000000000ff', phashVariants: ['00000000000000ff', 'ff00000000000000'] });
    const b = item('b', { phash: 'ff00000000000000' });
    expect(duplicateGroups([a, b], 4)).toEqual([{ kind: 'near', keys: ['a', 'b'] }]);
    expect(duplicateGroups([{ ...a, phashVariants: null }, b], 4)).toEqual([]);
  });

  it('an exact group whose smallest key has no pHash (a copy in a source without vision) still matches near copies', () => {
    // The same video in three clouds, analysed only in the one the user opted in (od), and a re-encoded copy there.
    const items = [
      item('azblob:sea.mp4', { sha256: 's1' }),
      item('gdrive:sea.mp4', { sha256: 's1' }),
      item('onedrive:1', { sha256: 's1', phash: '00000000000000ff' }),
      item('onedrive:2', { sha256: 's2', phash: '00000000000000fe' }),
    ];
    const expected = [
      { kind: 'exact', keys: ['azblob:sea.mp4', 'gdrive:sea.mp4', 'onedrive:1'] },
      { kind: 'near', keys: ['azblob:sea.mp4', 'gdrive:sea.mp4', 'onedrive:1', 'onedrive:2'] },
    ];
    expect(duplicateGroups(items)).toEqual(expected);
    expect(duplicateGroupsBruteForce(items)).toEqual(expected);
  });

  it('leaves items without a hash out of near matching', () => {
    expect(duplicateGroups([item('a'), item('b')])).toEqual([]);
  });
});
