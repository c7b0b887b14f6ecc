import { describe, expect, it } from 'vitest';
import { PlainText, plainText } from './plain-text';

describe('plainText', () => {
  it('drops bidi overrides, isolates, marks and control characters; keeps emoji joiners', () => {
    expect(plainText('photos\u202Egpj.exe')).toBe('photosgpj.exe');
    expect(plainText('\u2066a\u2069\u200Eb\u200F\u061Cc')).toBe('abc');
    expect(plainText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f')).toBe('abcdef');
    expect(plainText('  line\r\none\ttab  ')).toBe('line one tab');
    expect(plainText('👩\u200D👩\u200D👧 Family')).toBe('👩\u200D👩\u200D👧 Family');
    expect(plainText('Café — 東京 ✓')).toBe('Café — 東京 ✓');
  });

  it('checks the length of what is left', () => {
    const Title = PlainText(1, 5);
    expect(Title.parse(' \u202Eabc ')).toBe('abc');
    expect(Title.safeParse('\u202E\u202C').success).toBe(false);
    expect(Title.safeParse('abcdef').success).toBe(false);
  });
});
