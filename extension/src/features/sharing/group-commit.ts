/**
 * Group commit for per-item checkpoints. Every caller waits until its own entry is written, as with one
 * transaction per entry, but entries that arrive while a write is running go out together in the next one. IndexedDB
 * runs read-write transactions on one store one after another, so with links arriving 8 at a time per source a
 * transaction per link made the checkpoint, not the provider, the limit; here the number of transactions adapts to the
 * arrival rate and no entry waits on a timer (the window a stop can lose is at most one write).
 */
export class GroupCommit<E> {
  private queue: { entry: E; done: () => void; failed: (e: unknown) => void }[] = [];
  private running = false;

  /** `write` stores a whole group atomically (one transaction); its failure fails every entry of that group. */
  constructor(private readonly write: (entries: E[]) => Promise<void>) {}

  /** Resolves once `entry` is written. */
  save(entry: E): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queue.push({ entry, done, failed });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0);
        try {
          await this.write(group.map((g) => g.entry));
          for (const g of group) g.done();
        } catch (error) {
          for (const g of group) g.failed(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
