import { describe, expect, it } from 'vitest';
import { match } from './router';

describe('match', () => {
  it('extracts named segments and decodes them', () => {
    expect(match('/s/:token', '/s/AbC_d-9')).toEqual({ token: 'AbC_d-9' });
    expect(match('/app/events/:id', '/app/events/ev%2D1/')).toEqual({ id: 'ev-1' });
  });

  it('refuses other paths and extra segments', () => {
    expect(match('/s/:token', '/e/abc')).toBeNull();
    expect(match('/s/:token', '/s/abc/extra')).toBeNull();
    expect(match('/app/inbox', '/app/inbox/x')).toBeNull();
  });
});
