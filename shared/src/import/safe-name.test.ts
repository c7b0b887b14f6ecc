import { describe, expect, it } from 'vitest';
import { NameAllocator, safeFileName } from './safe-name';

describe('safeFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeFileName('IMG_0001.JPG')).toEqual({ name: 'IMG_0001.JPG', changed: null });
  });

  it.each([
    ['a:b*c?.jpg', 'a_b_c_.jpg'],
    ['  spaced.jpg ', 'spaced.jpg'],
    ['ends with dot.', 'ends with dot'],
    ['CON.jpg', '_CON.jpg'],
    ['desktop.ini', '_desktop.ini'],
    ['~$draft.jpg', '_$draft.jpg'],
    ['a_vti_b.jpg', 'a_vti-b.jpg'],
    ['back\\slash|pipe".png', 'back_slash_pipe_.png'],
    ['...', 'unnamed'],
  ])('turns %j into %j and says why', (input, expected) => {
    const safe = safeFileName(input);
    expect(safe.name).toBe(expected);
    expect(safe.changed).not.toBeNull();
  });

  it('shortens a name past 255 characters and keeps its extension', () => {
    const safe = safeFileName(`${'x'.repeat(300)}.jpeg`);
    expect(safe.name).toHaveLength(255);
    expect(safe.name.endsWith('.jpeg')).toBe(true);
  });
});

describe('NameAllocator', () => {
  it('numbers same names in one folder, ignoring case, and leaves other folders alone', () => {
    const names = new NameAllocator();
    expect(names.allocate('a', 'IMG_1.jpg')).toBe('IMG_1.jpg');
    expect(names.allocate('a', 'img_1.JPG')).toBe('img_1 (2).JPG');
    expect(names.allocate('a', 'IMG_1.jpg')).toBe('IMG_1 (3).jpg');
    expect(names.allocate('b', 'IMG_1.jpg')).toBe('IMG_1.jpg');
  });
});
