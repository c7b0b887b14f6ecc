// What `npm start` runs after the build: demo sources, a local OIDC provider, and the portal under
// `wrangler dev` with local D1 on 127.0.0.1:8787. Ctrl-C (or SIGTERM) stops all of it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoSources } from './demo';
import { startOidcProvider } from './oidc';
import { startWranglerDev, REPO_ROOT } from './wrangler-dev';

const PORTAL_PORT = Number(process.env.HYPOMOS_PORTAL_PORT ?? 8787);
const OIDC_PORT = Number(process.env.HYPOMOS_OIDC_PORT ?? 8792);
const CLIENT = { clientId: 'hypomos-portal', clientSecret: 'dev-client-secret' };
const stateDir = join(REPO_ROOT, '.dev-state');
const extensionDirs = ['chrome-mv3', 'firefox-mv2'].map((d) => join(REPO_ROOT, 'extension/.output', d));

const stops: (() => Promise<void>)[] = [];
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(String(e)));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));

try {
  console.log('» starting demo sources (Graph and Drive contract servers, azurite)…');
  const demo = await startDemoSources({ stablePorts: true });
  stops.push(demo.close);
  // The demo build reads demo-config.json beside its files (extension/src/features/sources/demo-config.ts).
  for (const dir of extensionDirs) writeFileSync(join(dir, 'demo-config.json'), JSON.stringify(demo.config, null, 2));

  console.log('» starting the local OpenID Connect provider…');
  const idp = await startOidcProvider({
    port: OIDC_PORT,
    clients: [{ ...CLIENT, redirectUris: [`http://127.0.0.1:${PORTAL_PORT}/auth/callback/dev`] }],
  });
  stops.push(() => idp.close());

  console.log('» applying D1 migrations locally and starting wrangler dev…');
  mkdirSync(stateDir, { recursive: true });
  const portal = await startWranglerDev({
    port: PORTAL_PORT,
    persistTo: join(stateDir, 'wrangler'),
    vars: { OIDC_PROVIDERS: JSON.stringify([idp.workerConfig(CLIENT.clientId)]), OIDC_DEV_SECRET: CLIENT.clientSecret },
    readyTimeoutMs: 90_000,
  });
  stops.push(() => portal.stop());

  console.log(`
Hypomos is running.

  Portal (worker + pages, local D1)   ${portal.origin}
  Sign in                             ${portal.origin}/auth/signin   (dev identity provider ${idp.issuer}; users: ${idp.users.map((u) => u.id).join(', ')}, any password)
  Demo OneDrive (Graph contract)      ${demo.config.graphUrl}
  Demo Google Drive (Drive contract)  ${demo.config.driveUrl}
  Demo Blob (azurite, account key)    ${demo.config.blobSasUrl.split('?')[0]}

Load the extension:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${extensionDirs[0]}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${join(extensionDirs[1]!, 'manifest.json')}
Then open the Hypomos dashboard → Sources → "Demo OneDrive, Google Drive and Blob".

Press Ctrl-C to stop everything.`);
} catch (e) {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
}
