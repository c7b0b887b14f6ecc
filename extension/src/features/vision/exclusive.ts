/**
 * One vision runner per database at a time, across every extension context (dashboard tab, Chrome's offscreen
 * document, the Firefox background page's runner frame). A Web Lock is released by the browser when its holder's
 * document or worker dies, so a crashed runner never blocks the next one, and the next one may safely put items left
 * `running` back in line (queue.ts resumeInterrupted).
 */

export const visionLockName = (dbName: string) => `hypomos-vision:${dbName}`;

export async function withWebLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks)
    throw new Error('Web Locks (navigator.locks) are unavailable here: the vision queue cannot be drained safely');
  return locks.request(name, { mode: 'exclusive' }, fn) as Promise<T>;
}

/** Whether some context holds the database's vision lock right now (for tests and the progress card). */
export async function visionLockHeld(dbName: string): Promise<boolean> {
  const state = await globalThis.navigator?.locks?.query();
  return (state?.held ?? []).some((l) => l.name === visionLockName(dbName));
}
