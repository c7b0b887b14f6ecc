import type { Reply } from './protocol';

/** The bench page: starts one worker per detector and relays calls from the bench (playwright) to them. */

const workers = new Map<string, { worker: Worker; pending: Map<number, (r: Reply) => void> }>();
let nextId = 1;
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** `kind` names a worker script, optionally with `#n` for a further instance (MediaPipe runs one task per worker). */
function start(kind: string) {
  const worker = new Worker(`/app/${kind.split('#')[0]}.worker.js`, { type: 'module' });
  const pending = new Map<number, (r: Reply) => void>();
  worker.addEventListener('message', (e: MessageEvent<Reply>) => {
    pending.get(e.data.id)?.(e.data);
    pending.delete(e.data.id);
  });
  worker.addEventListener('error', (e) => {
    for (const [id, done] of pending) done({ id, ok: false, error: `worker error: ${e.message}` });
    pending.clear();
  });
  const entry = { worker, pending };
  workers.set(kind, entry);
  return entry;
}

async function call(kind: string, op: string, args: unknown): Promise<unknown> {
  const entry = workers.get(kind) ?? start(kind);
  const id = nextId++;
  const reply = await new Promise<Reply>((resolve) => {
    entry.pending.set(id, resolve);
    entry.worker.postMessage({ id, op, args });
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

Object.assign(window, { faceBench: { call, violations: () => [...violations] } });
document.body.dataset.ready = '1';
