// `npm start`: build the portal and the extension (demo build), then run the demo stack (dev-services/src/start.ts).
import { spawn } from 'node:child_process';
import { bin, buildAll, root } from './lib.mjs';

const portal = `http://127.0.0.1:${process.env.HYPOMOS_PORTAL_PORT ?? 8787}`;
console.log('» building the portal and the extension (Chrome MV3 + Firefox)…');
if ((await buildAll({ HYPOMOS_DEMO: '1', HYPOMOS_PORTAL_URL: portal })) !== 0) process.exit(1);

// tsx runs in the same process group; forward Ctrl-C/SIGTERM so it can stop what it started.
const child = spawn(bin('tsx'), ['dev-services/src/start.ts'], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
