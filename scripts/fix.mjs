import { bin, run } from './lib.mjs';

process.exit(await run(bin('biome'), ['check', '--write', '.']));
