/**
 * Passcode rules (issue 16, finding 2). A 4-character passcode fell to 1,250 guesses, so a passcode has at least
 * 8 characters, and every share counts its wrong passcodes whatever address they come from: the `freeFailures`-th
 * wrong passcode in a row locks the share's unlock for `firstLockMs`, each further one for twice as long, up to
 * `maxLockMs`. A right passcode ends the streak; a streak whose last failure is older than `maxLockMs` starts over.
 */
export const PASSCODE_MIN_LENGTH = 8;

export const UNLOCK_GUARD = { freeFailures: 5, firstLockMs: 60_000, maxLockMs: 3_600_000 } as const;

/** How long the share stays locked after the `streak`-th wrong passcode in a row (0: not locked). */
export function unlockLockMs(streak: number): number {
  const over = streak - UNLOCK_GUARD.freeFailures;
  if (over < 0) return 0;
  return Math.min(UNLOCK_GUARD.maxLockMs, UNLOCK_GUARD.firstLockMs * 2 ** Math.min(over, 20));
}
