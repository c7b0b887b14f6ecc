// Small helpers shared by the npm scripts (start, test, bench, lint).
import { spawn } from 'node:child_process';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const bin = (name, pkg = '.') => `${root}/${pkg}/node_modules/.bin/${name}`;

/** Runs a command, streaming its output; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(err.message);
      resolve(1);
    });
  });
}

/** Runs a command quietly; resolves with its exit code and combined output. */
export function capture(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      ...opts,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (err) => resolve({ code: 1, output: err.message }));
  });
}

export async function buildAll(env = {}) {
  const steps = [
    ['portal', bin('vite', 'portal'), ['build', '--logLevel', 'warn'], { cwd: `${root}/portal` }],
    ['extension (chrome)', bin('wxt', 'extension'), ['build'], { cwd: `${root}/extension` }],
    ['extension (firefox)', bin('wxt', 'extension'), ['build', '-b', 'firefox'], { cwd: `${root}/extension` }],
  ];
  for (const [name, cmd, args, opts] of steps) {
    // Builds are chatty (bundler warnings about third-party code): show their output only when they fail.
    const { code, output } = await capture(cmd, args, { ...opts, env });
    if (code !== 0) {
      console.error(output);
      console.error(`build failed: ${name}`);
      return code;
    }
  }
  return 0;
}
