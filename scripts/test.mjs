// `npm test`: lint, typecheck, build, then every vitest project (unit, worker in workerd, e2e in real browsers).
import { readFileSync, rmSync } from 'node:fs';
import { buildAll, bin, root, run } from './lib.mjs';
import { lintAll } from './lint.mjs';

const started = Date.now();
const failedSteps = await lintAll();

console.log('» build portal and extension');
if ((await buildAll({ HYPOMOS_DEMO: '1' })) !== 0) failedSteps.push('build');

const report = '/tmp/hypomos-vitest-report.json';
rmSync(report, { force: true });
console.log('» vitest: unit, worker (workerd), e2e (Chromium, Firefox)');
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const vitestCode = await run(bin('vitest'), args);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
  if (r.numFailedTestSuites > 0 && failed === 0) failed = r.numFailedTestSuites;
} catch {
  failedSteps.push('vitest (no report)');
}
if (vitestCode !== 0 && failed === 0) failedSteps.push('vitest');

const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nsummary (${minutes} min, ${root}):`);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed + failedSteps.length} failed, ${skipped} skipped`);
process.exit(failed + failedSteps.length > 0 ? 1 : 0);
