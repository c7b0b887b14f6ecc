import { describe, expect, it } from 'vitest';
import { acceptsContributions, decodeCursor, encodeCursor, linkStatus } from './visibility';

describe('share visibility', () => {
  it('is active until expiry, then expired; revocation wins', () => {
    expect(linkStatus({ expiresAt: null, revokedAt: null }, 5)).toBe('active');
    expect(linkStatus({ expiresAt: 10, revokedAt: null }, 9)).toBe('active');
    expect(linkStatus({ expiresAt: 10, revokedAt: null }, 10)).toBe('expired');
    expect(linkStatus({ expiresAt: 10, revokedAt: 3 }, 20)).toBe('revoked');
  });

  it('accepts contributions until the end of contributions or expiry', () => {
    const ev = { expiresAt: 100, revokedAt: null, contributionsEndAt: 50 };
    expect(acceptsContributions(ev, 49)).toBe(true);
    expect(acceptsContributions(ev, 50)).toBe(false);
    expect(acceptsContributions({ ...ev, contributionsEndAt: null }, 99)).toBe(true);
    expect(acceptsContributions({ ...ev, contributionsEndAt: null }, 100)).toBe(false);
  });

  it('round-trips cursors and refuses malformed ones', () => {
    const c = encodeCursor(1_700_000_000_123, 'abc_DEF-123');
    expect(decodeCursor(c)).toEqual({ sortKey: 1_700_000_000_123, id: 'abc_DEF-123' });
    expect(decodeCursor(encodeCursor(-5, 'x'))).toEqual({ sortKey: -5, id: 'x' });
    expect(decodeCursor('nope')).toBeNull();
    expect(decodeCursor("1.x' OR 1=1")).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});
