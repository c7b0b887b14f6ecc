import { defineConfig } from 'wxt';
import { MEDIA_HOSTS } from '@hypomos/shared/sharing/media-hosts';
import { visionAssets } from './build/vision-assets';

// Build-time defaults; every base URL can be changed at run time in the dashboard's settings.
const portal = process.env.HYPOMOS_PORTAL_URL ?? 'http://127.0.0.1:8787';
const devHosts = process.env.HYPOMOS_DEV_HOSTS !== '0';

const providerHosts = [
  'https://graph.microsoft.com/*',
  'https://login.microsoftonline.com/*',
  'https://www.googleapis.com/*',
  'https://oauth2.googleapis.com/*',
  'https://*.blob.core.windows.net/*',
  'https://*.sharepoint.com/*',
  'https://*.1drv.com/*',
  'https://*.googleusercontent.com/*',
];
const loopback = devHosts ? ['http://127.0.0.1/*', 'http://localhost/*'] : [];
const connectSrc = [
  "'self'",
  ...providerHosts.map((h) => h.replace(/\/\*$/, '')),
  new URL(portal).origin,
  ...(devHosts ? ['http://127.0.0.1:*', 'http://localhost:*'] : []),
].join(' ');
// Photos shown from others' links (an event's guests in the organizer's queue and activity list, "Shared with me")
// load from any provider's delivery hosts, redirects included (CSP is checked at every hop): the hosts the portal's
// viewer lists (shared/sharing/media-hosts.ts). Dev builds add the Graph contract server's content host, which
// stands in for my.microsoftpersonalcontent.com (dev-services/src/graph/server.ts CONTRACT_CONTENT_HOST).
const mediaImgSrc = [
  ...new Set(Object.values(MEDIA_HOSTS).flatMap((hosts) => hosts.map((h) => `https://${h}`))),
  ...(devHosts ? ['http://127.0.0.2:*'] : []),
].join(' ');

export default defineConfig({
  srcDir: 'src',
  // Parallel builds (several engineers, or a bench beside a test run) each take their own output folder.
  outDir: process.env.HYPOMOS_OUT_DIR ?? '.output',
  imports: false,
  suppressWarnings: { firefoxDataCollection: true },
  modules: ['@wxt-dev/module-react'],
  hooks: {
    // Vision models and wasm ship inside the extension (features/vision/README.md).
    'build:publicAssets': (_wxt, files) => {
      files.push(...visionAssets());
    },
  },
  vite: (env) => ({
    // Vision workers are module workers (features/vision/pool.ts).
    worker: { format: 'es' as const },
    define: {
      __HYPOMOS_PORTAL__: JSON.stringify(portal),
      __HYPOMOS_DEMO__: JSON.stringify(process.env.HYPOMOS_DEMO ?? ''),
      __HYPOMOS_BROWSER__: JSON.stringify(env.browser),
    },
  }),
  manifest: ({ browser }) => ({
    name: 'Hypomos',
    description: 'Share photos from your own clouds without copying them.',
    // offscreen (Chrome only): the background's vision runner document (features/vision/runner-document.ts).
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'contextMenus',
      'identity',
      'tabs',
      // Firefox plays the owner's videos through a blocking webRequest redirect (features/sources/media-redirect.ts).
      ...(browser === 'firefox' ? ['webRequest', 'webRequestBlocking'] : ['offscreen']),
    ],
    host_permissions: [
      ...providerHosts,
      `${new URL(portal).origin}/*`,
      ...loopback,
      ...(browser === 'firefox' ? ['https://media.hypomos.invalid/*'] : []),
    ],
    // connect-src also keeps MediaPipe's telemetry from leaving the device.
    content_security_policy: {
      extension_pages: `script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src ${connectSrc}; img-src 'self' data: blob: ${connectSrc.replace("'self' ", '')} ${mediaImgSrc}`,
    },
    action: { default_title: 'Hypomos' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'hypomos@hypomos.app', strict_min_version: '128.0' } } }
      : {}),
  }),
});
