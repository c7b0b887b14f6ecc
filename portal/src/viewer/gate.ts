/**
 * At most `limit` tasks at once; the rest wait in order. The viewer queues loads from hosts that throttle per viewer
 * (Drive's thumbnail endpoint) and its own probes, so a screenful of tiles never bursts.
 */
export function gate(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  /** Resolves with a release function once a slot is free; call it exactly once. */
  const acquire = () =>
    new Promise<() => void>((resolve) => {
      const start = () => {
        running++;
        let released = false;
        resolve(() => {
          if (!released) {
            released = true;
            release();
          }
        });
      };
      if (running < limit) start();
      else waiting.push(start);
    });
  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    const done = await acquire();
    try {
      return await task();
    } finally {
      done();
    }
  };
  return { acquire, run };
}

/** Drive's thumbnail endpoint, shared by every tile of the page. */
export const driveThumbnails = gate(4);
/** Status probes after a failure, shared by the grid and the lightbox. */
export const probes = gate(3);
