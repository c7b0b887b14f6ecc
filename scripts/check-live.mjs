import { bin, run } from './lib.mjs';

// No build needed: the check uses the extension's provider code and plain pages, not the built extension.
process.exit(await run(bin('tsx'), ['e2e/live/run.ts', ...process.argv.slice(2)]));
