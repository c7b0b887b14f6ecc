import { connect, type Socket } from 'node:net';

/**
 * A minimal client for Firefox's Marionette protocol (the one geckodriver speaks to Firefox): TCP, each message
 * `<byte length>:<JSON>`, commands `[0, id, name, params]`, answers `[1, id, error, result]`.
 * Marionette runs one command at a time, so `send` queues them.
 */
export class MarionetteClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly socket: Socket) {}

  /** Connects once Firefox listens (it opens the port a while after start); gives up after `timeoutMs`. */
  static async connect(port: number, timeoutMs = 60_000): Promise<MarionetteClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await MarionetteClient.tryConnect(port);
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`Marionette did not answer on port ${port}: ${String(e)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private static tryConnect(port: number): Promise<MarionetteClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const client = new MarionetteClient(socket);
      let buffer = Buffer.alloc(0);
      let greeted = false;
      socket.once('error', reject);
      socket.on('close', () => {
        for (const w of client.waiting.values()) w.reject(new Error('Marionette connection closed'));
        client.waiting.clear();
      });
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const colon = buffer.indexOf(':');
          if (colon < 0) return;
          const length = Number(buffer.subarray(0, colon).toString());
          if (buffer.length < colon + 1 + length) return;
          const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
          buffer = buffer.subarray(colon + 1 + length);
          if (!greeted) {
            // The greeting: {applicationType, marionetteProtocol}.
            greeted = true;
            socket.off('error', reject);
            resolve(client);
            continue;
          }
          const [, id, error, result] = message as [1, number, { error: string; message: string } | null, unknown];
          const waiter = client.waiting.get(id);
          client.waiting.delete(id);
          if (error) waiter?.reject(new Error(`${error.error}: ${error.message}`));
          else waiter?.resolve(result);
        }
      });
    });
  }

  /** One command; commands run in the order they were sent. */
  send<T = unknown>(name: string, params: Record<string, unknown> = {}): Promise<T> {
    const run = () =>
      new Promise<T>((resolve, reject) => {
        const id = this.nextId++;
        this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
        this.socket.write(`${body.length}:`);
        this.socket.write(body);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  close(): void {
    this.socket.destroy();
  }
}
