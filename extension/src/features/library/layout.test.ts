import { describe, expect, it } from 'vitest';
import { justify, rowOfItem } from './layout';
import { clickSelect, emptySelection, keySelect } from './selection';

describe('justified layout', () => {
  it('fills each full row to the width exactly and keeps every item once', () => {
    const aspects = [1.5, 0.75, 1, 1.333, 1.5, 2, 0.667, 1.5, 1.5, 1];
    const rows = justify(aspects, 1000, 200, 4);
    expect(rows[0]!.start).toBe(0);
    expect(rows.at(-1)!.end).toBe(aspects.length);
    for (let r = 1; r < rows.length; r++) expect(rows[r]!.start).toBe(rows[r - 1]!.end);
    for (const row of rows.slice(0, -1)) {
      const widths = aspects.slice(row.start, row.end).map((a) => a * row.height);
      const total = widths.reduce((x, y) => x + y, 0) + 4 * (row.end - row.start - 1);
      expect(Math.abs(total - 1000)).toBeLessThan(0.001);
    }
    expect(rowOfItem(rows, 0)).toBe(0);
    expect(rowOfItem(rows, aspects.length - 1)).toBe(rows.length - 1);
    expect(rowOfItem(rows, rows[1]!.start)).toBe(1);
  });
});

describe('grid selection', () => {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('click, ctrl/cmd-click and shift-click', () => {
    let s = clickSelect(emptySelection(), keys, 1, { shift: false, toggle: false });
    expect([...s.selected]).toEqual(['b']);
    s = clickSelect(s, keys, 4, { shift: true, toggle: false });
    expect([...s.selected]).toEqual(['b', 'c', 'd', 'e']);
    s = clickSelect(s, keys, 2, { shift: false, toggle: true });
    expect([...s.selected].sort()).toEqual(['b', 'd', 'e']);
    s = clickSelect(s, keys, 0, { shift: true, toggle: true });
    expect([...s.selected].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('arrows move focus, shift+arrows extend, space toggles', () => {
    let s = keySelect(emptySelection(), keys, { move: 1, shift: false });
    expect(s.focus).toBe(0);
    s = keySelect(s, keys, { toggleFocused: true });
    expect([...s.selected]).toEqual(['a']);
    s = keySelect(s, keys, { move: 3, shift: true });
    expect([...s.selected]).toEqual(['a', 'b', 'c', 'd']);
    s = keySelect(s, keys, { move: 10, shift: false });
    expect(s.focus).toBe(5);
  });
});
