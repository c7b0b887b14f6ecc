import { describe, expect, it } from 'vitest';
import { parseHash } from './router';

describe('dashboard hash routes', () => {
  it('reads the page, a parameter and the query', () => {
    expect(parseHash('#/timeline').name).toBe('timeline');
    const c = parseHash('#/collections/magic%3Aon-this-day');
    expect([c.name, c.param]).toEqual(['collections', 'magic:on-this-day']);
    const s = parseHash(`#/search?q=${encodeURIComponent('camera:canon tag:"big trip"')}`);
    expect([s.name, s.query.get('q')]).toEqual(['search', 'camera:canon tag:"big trip"']);
  });
  it('falls back to the timeline', () => {
    expect(parseHash('').name).toBe('timeline');
    expect(parseHash('#/nowhere').name).toBe('timeline');
  });
});
