import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

/**
 * Runs the portal worker under `wrangler dev` on loopback for e2e tests, benchmarks and `npm start`:
 * applies the D1 migrations to a local persistence dir, starts the worker with the given vars, waits for
 * /api/health, and stops the whole process group on `stop()`.
 */

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = join(REPO_ROOT, 'worker/node_modules/.bin/wrangler');

export interface WranglerDevOptions {
  port?: number;
  /** Extra or overriding [vars]; PUBLIC_ORIGIN defaults to http://127.0.0.1:<port>. Dev secrets go here too. */
  vars?: Record<string, string>;
  /** Local D1 state; a fresh temp dir (removed on stop) when omitted. */
  persistTo?: string;
  /** SQL run against the local D1 after the migrations and before the worker starts (e.g. accountSeedSql). */
  seedSql?: string;
  /** How long to wait for /api/health. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface WranglerDev {
  origin: string;
  port: number;
  persistTo: string;
  /** wrangler's pid, also the process group of wrangler and its workerd (benchmarks read their CPU time). */
  pid: number;
  stop(): Promise<void>;
}

const env = () => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: '1',
  NO_COLOR: '1',
});

function run(args: string[], log: (l: string) => void): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(WRANGLER, args, { cwd: REPO_ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => {
      log(out);
      if (code === 0) ok();
      else fail(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${out.slice(-2000)}`));
    });
  });
}

export async function applyMigrations(persistTo: string, log: (l: string) => void = () => {}) {
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], log);
}

export async function startWranglerDev(opts: WranglerDevOptions = {}): Promise<WranglerDev> {
  const log = opts.log ?? (() => {});
  const port = opts.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const ownDir = opts.persistTo === undefined;
  const persistTo = opts.persistTo ?? (await mkdtemp(join(tmpdir(), 'hypomos-wrangler-')));
  await applyMigrations(persistTo, log);
  if (opts.seedSql)
    await run(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--command', opts.seedSql], log);
  const vars = { PUBLIC_ORIGIN: origin, ...opts.vars };
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
    '--persist-to',
    persistTo,
  ];
  args.push('--show-interactive-dev-session=false', '--log-level', 'warn');
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child = spawn(WRANGLER, args, {
    cwd: REPO_ROOT,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d).slice(-20_000);
    log(String(d));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    await killGroup(child);
    if (ownDir) await rm(persistTo, { recursive: true, force: true });
  };
  try {
    await waitForHealth(origin, child, opts.readyTimeoutMs ?? 90_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  return { origin, port, persistTo, pid: child.pid!, stop };
}

/**
 * SQL that creates an account with a ready API token, for benchmarks and the demo, where no browser signs in.
 * Only the token's SHA-256 is stored, exactly as the worker stores the tokens it issues.
 */
export function accountSeedSql(user: { id: string; name: string; email: string }, apiToken: string): string {
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const hash = createHash('sha256').update(apiToken).digest('hex');
  const now = Date.now();
  return [
    `INSERT INTO users (id, display_name, email, created_at) VALUES (${q(user.id)}, ${q(user.name)}, ${q(user.email)}, ${now});`,
    // A token lapses 90 days after its last use (migration 0011): a seeded one starts with those 90 days.
    `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES (${q(`${user.id}-seed`)}, ${q(user.id)}, 'seeded', '${hash}', ${now}, ${now + 90 * 86_400_000});`,
  ].join(' ');
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${origin}/api/health within ${timeoutMs} ms`);
}

/** wrangler spawns workerd; signalling the process group stops both. */
async function killGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
