import { describe, expect, it } from 'vitest';
import { type BadgeSurface, LayeredBadge } from './action-badge';

function fakeSurface() {
  const writes: string[] = [];
  const surface: BadgeSurface = {
    setText: async (t) => void writes.push(`text:${t}`),
    setColor: async (c) => void writes.push(`color:${c}`),
  };
  return { surface, writes };
}

describe('LayeredBadge', () => {
  it('shows the non-empty layer of highest priority; clearing one layer uncovers the next', async () => {
    const { surface, writes } = fakeSurface();
    const badge = new LayeredBadge(surface);
    await badge.set('activity', '2', '#c2410c', 2);
    expect(badge.text()).toBe('2');
    await badge.set('sources', '120', '#2563eb', 3);
    expect(badge.text()).toBe('120');
    // The scanner going idle clears its layer, not the activity count.
    await badge.set('sources', '', '#2563eb', 3);
    expect(badge.text()).toBe('2');
    await badge.set('activity', '', '#c2410c', 2);
    expect(badge.text()).toBe('');
    expect(writes).toEqual([
      'text:2',
      'color:#c2410c',
      'text:120',
      'color:#2563eb',
      'text:2',
      'color:#c2410c',
      'text:',
    ]);
  });

  it('writes nothing when the shown badge does not change', async () => {
    const { surface, writes } = fakeSurface();
    const badge = new LayeredBadge(surface);
    await badge.set('activity', '1', '#c2410c', 2);
    await badge.set('sources', '!', '#dc2626', 1);
    await badge.set('activity', '1', '#c2410c', 2);
    expect(writes).toEqual(['text:1', 'color:#c2410c']);
  });

  it('a failed write does not stop later ones', async () => {
    let fail = true;
    const writes: string[] = [];
    const badge = new LayeredBadge({
      setText: async (t) => {
        if (fail) throw new Error('no action API');
        writes.push(t);
      },
      setColor: async () => undefined,
    });
    await expect(badge.set('activity', '1', '#c2410c', 2)).rejects.toThrow('no action API');
    fail = false;
    await badge.set('activity', '3', '#c2410c', 2);
    expect(writes).toEqual(['3']);
  });
});
