import { bin, run } from './lib.mjs';

const checks = [
  ['lint and format (biome)', bin('biome'), ['check', '.']],
  ['typecheck browser', bin('tsc'), ['-p', 'tsconfig.browser.json']],
  ['typecheck worker', bin('tsc'), ['-p', 'tsconfig.worker.json']],
  // The portal gets its own program: it imports the worker's AppType, whose sources need the Workers types.
  ['typecheck portal', bin('tsc'), ['-p', 'tsconfig.portal.json']],
  ['typecheck node', bin('tsc'), ['-p', 'tsconfig.node.json']],
  // Tests run under Node (vitest), so they get Node's types; the production programs above must not.
  ['typecheck extension tests', bin('tsc'), ['-p', 'tsconfig.browser.tests.json']],
  ['typecheck portal tests', bin('tsc'), ['-p', 'tsconfig.portal.tests.json']],
];

/** Runs lint and every typecheck; returns the names that failed. */
export async function lintAll() {
  const failed = [];
  for (const [name, cmd, args] of checks) {
    console.log(`» ${name}`);
    if ((await run(cmd, args)) !== 0) failed.push(name);
  }
  return failed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const failed = await lintAll();
  process.exit(failed.length ? 1 : 0);
}
