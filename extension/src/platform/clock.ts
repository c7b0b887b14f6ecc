/** Time, waiting and fresh ids behind one interface, so tests run on virtual time and fixed ids. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  id(): string;
}

/** What code that waits (retries, throttled lanes) needs from a clock. */
export type WaitClock = Pick<Clock, 'now' | 'sleep'>;

/** What code that creates rows (collections) needs from a clock. */
export type StampClock = Pick<Clock, 'now' | 'id'>;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  id: () => crypto.randomUUID(),
};
