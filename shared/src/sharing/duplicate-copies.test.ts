import { describe, expect, it } from 'vitest';
import { type Copy, redundantCopies } from './duplicate-copies';

const copy = (key: string, over: Partial<Copy> = {}): Copy => ({
  key,
  sourceKind: 'onedrive',
  sha256: null,
  name: 'falcon.jpg',
  bytes: 183_725,
  takenAt: Date.UTC(2022, 2, 31, 11, 31, 56),
  ...over,
});

describe('redundantCopies: one copy of each photo in a share', () => {
  it('the same photo in OneDrive, Drive and Blob goes out once, from Blob', () => {
    const out = redundantCopies([
      copy('od:1', { sourceKind: 'onedrive' }),
      copy('gd:1', { sourceKind: 'gdrive' }),
      copy('az:1', { sourceKind: 'azblob' }),
    ]);
    expect([...out].sort()).toEqual(['gd:1', 'od:1']);
  });

  it('equal SHA-256 joins copies whose names differ; name, size and time join those without a hash', () => {
    const out = redundantCopies([
      copy('od:1', { sha256: 'AB', name: 'IMG_1.jpg' }),
      copy('gd:1', { sourceKind: 'gdrive', sha256: 'ab', name: 'renamed.jpg' }),
      copy('gd:2', { sourceKind: 'gdrive', name: 'other.jpg' }),
      copy('az:2', { sourceKind: 'azblob', name: 'other.jpg' }),
    ]);
    expect([...out].sort()).toEqual(['gd:1', 'gd:2']);
  });

  it('different photos are all kept: another size, another time or no facts to compare', () => {
    const out = redundantCopies([
      copy('od:1'),
      copy('od:2', { bytes: 1 }),
      copy('od:3', { takenAt: 0 }),
      copy('od:4', { bytes: null }),
      copy('od:5', { bytes: null }),
    ]);
    expect(out.size).toBe(0);
  });

  it('between copies of one provider the choice is stable (smallest key)', () => {
    expect([...redundantCopies([copy('od:b'), copy('od:a')])]).toEqual(['od:b']);
    expect([...redundantCopies([copy('od:a'), copy('od:b')])]).toEqual(['od:b']);
  });
});
