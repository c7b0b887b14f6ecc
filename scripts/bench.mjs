import { buildAll, bin, run } from './lib.mjs';

if ((await buildAll({ HYPOMOS_DEMO: '1' })) !== 0) process.exit(1);
process.exit(await run(bin('tsx'), ['bench/run.ts', ...process.argv.slice(2)]));
