import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, plural } from './format';

describe('page formats', () => {
  it('sizes in binary steps with one unit', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 2)).toBe('3.0 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GB');
  });
  it('ages in the largest whole unit, a date past a month', () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 60_000, now)).toBe('1 minute ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 days ago');
    expect(formatAgo(Date.UTC(2025, 0, 5), now)).toMatch(/2025/);
  });
  it('counts with their noun', () => {
    expect(plural(1, 'photo')).toBe('1 photo');
    expect(plural(14, 'photo')).toBe('14 photos');
    expect(plural(1200, 'face')).toBe('1,200 faces');
    expect(plural(2, 'copy', 'copies')).toBe('2 copies');
  });
});
