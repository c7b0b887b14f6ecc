import { describe, expect, it } from 'vitest';
import { bytesInOtherCopies, type Copy, suggestKeeper } from './keeper';

const copy = (key: string, o: Partial<Copy> = {}): Copy => ({
  key,
  bytes: 1000,
  width: 4000,
  height: 3000,
  liked: false,
  rating: 0,
  addedAt: 1,
  ...o,
});

describe('the copy to keep in a duplicate group', () => {
  it('prefers what the user liked or rated over image quality', () => {
    expect(suggestKeeper([copy('a', { width: 8000 }), copy('b', { liked: true })])).toEqual({
      key: 'b',
      reason: 'liked',
    });
    expect(suggestKeeper([copy('a', { bytes: 9e6 }), copy('b', { rating: 3 })])).toEqual({ key: 'b', reason: 'rated' });
  });

  it('then the most pixels, then the largest file at equal pixels', () => {
    expect(suggestKeeper([copy('small', { width: 1600, height: 1200 }), copy('full')])).toEqual({
      key: 'full',
      reason: 'resolution',
    });
    expect(
      suggestKeeper([copy('a', { bytes: 800 }), copy('b', { bytes: 2400 }), copy('c', { bytes: 2400, width: null })]),
    ).toEqual({ key: 'b', reason: 'size' });
  });

  it('breaks a full tie by the copy indexed first, whatever the order given', () => {
    const tie = [copy('late', { addedAt: 9 }), copy('early', { addedAt: 2 })];
    expect(suggestKeeper(tie)).toEqual({ key: 'early', reason: 'oldest' });
    expect(suggestKeeper([...tie].reverse())).toEqual({ key: 'early', reason: 'oldest' });
    expect(suggestKeeper([copy('x'), copy('y')]).key).toBe('x');
  });

  it('counts the bytes the other copies take, unknown sizes as none', () => {
    const g = [copy('a', { bytes: 3000 }), copy('b', { bytes: 1200 }), copy('c', { bytes: null })];
    expect(bytesInOtherCopies(g, 'a')).toBe(1200);
    expect(bytesInOtherCopies(g, 'b')).toBe(3000);
  });

  it('refuses an empty group', () => {
    expect(() => suggestKeeper([])).toThrow(/empty/);
  });
});
