import { describe, expect, it } from 'vitest';
import { unlockLockMs } from './passcode';

describe('unlockLockMs', () => {
  it('is free for five wrong passcodes in a row, then a minute, doubling up to an hour', () => {
    expect([1, 2, 3, 4].map(unlockLockMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 10, 11, 12, 1000].map(unlockLockMs)).toEqual([
      60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });
});
