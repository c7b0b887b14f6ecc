import { describe, expect, it } from 'vitest';
import { emptyPlaylist, following, shown, update } from './wall-playlist';

describe('the live wall playlist', () => {
  it('rotates through the list in order and wraps around', () => {
    let p = update(emptyPlaylist, ['a', 'b', 'c'], true);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = following(p)!;
      seen.push(id);
      p = shown(p, id);
    }
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });

  it('shows newly approved items next, oldest first, then resumes the rotation after the current item', () => {
    let p = shown(update(emptyPlaylist, ['a', 'b', 'c'], true), 'a');
    p = update(p, ['a', 'b', 'c', 'd', 'e'], false);
    expect(p.fresh).toEqual(['d', 'e']);
    p = shown(p, following(p)!);
    expect(p.current).toBe('d');
    p = shown(p, following(p)!);
    expect(p.current).toBe('e');
    expect(following(p)).toBe('a');
  });

  it('drops items that left the wall, including the one on screen and those waiting to be shown', () => {
    let p = shown(update(emptyPlaylist, ['a', 'b'], true), 'b');
    p = update(p, ['a', 'b', 'c'], false);
    p = update(p, ['a'], false);
    expect(p).toEqual({ ids: ['a'], fresh: [], current: null });
    expect(following(p)).toBe('a');
    expect(following(update(p, [], false))).toBeNull();
  });

  it('passes over items that cannot be shown', () => {
    const p = shown(update(emptyPlaylist, ['a', 'b', 'c'], true), 'a');
    expect(following(p, new Set(['b']))).toBe('c');
    expect(following(p, new Set(['a', 'b', 'c']))).toBeNull();
  });
});
