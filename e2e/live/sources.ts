import type { SourceRow } from '../../extension/src/db/rows';
import type { ProviderDeps } from '../../extension/src/features/sources/providers/index';
import { DEV_KEY } from '../../dev-services/src/azurite';
import { startDemoSources } from '../../dev-services/src/demo';
import { DEV_DRIVE_API_KEY } from '../../dev-services/src/drive/server';
import { startGraphServer } from '../../dev-services/src/graph/server';
import { seedFromFolder } from '../../dev-services/src/seed/index';
import { sourceRow } from '../../extension/src/testing/source-row';

/** One account to make links in, with the items (one image, one video where given) to link. */
export interface LiveSource {
  label: string;
  source: SourceRow;
  deps: Omit<ProviderDeps, 'fetch'>;
  items: { media: 'image' | 'video'; id: string; path: string }[];
}

const itemsFrom = (env: NodeJS.ProcessEnv, prefix: string) =>
  (['image', 'video'] as const).flatMap((media) => {
    const id = env[`${prefix}_${media.toUpperCase()}`];
    return id ? [{ media, id, path: id }] : [];
  });

/**
 * Real accounts from the environment (nothing is stored; tokens are short-lived access tokens the operator pastes):
 * - HYPOMOS_LIVE_ONEDRIVE_TOKEN (personal) / HYPOMOS_LIVE_ONEDRIVE_BUSINESS_TOKEN, each with `_IMAGE` / `_VIDEO`
 *   item ids, e.g. HYPOMOS_LIVE_ONEDRIVE_IMAGE;
 * - HYPOMOS_LIVE_DRIVE_TOKEN with HYPOMOS_LIVE_DRIVE_API_KEY (the portal's browser key) and `_IMAGE` / `_VIDEO` ids;
 * - HYPOMOS_LIVE_BLOB_CONTAINER_URL with HYPOMOS_LIVE_BLOB_KEY or HYPOMOS_LIVE_BLOB_SAS and `_IMAGE` / `_VIDEO`
 *   blob names.
 * Null when none is set: the check then runs against the contract servers.
 */
export function liveSourcesFromEnv(env: NodeJS.ProcessEnv): LiveSource[] | null {
  const out: LiveSource[] = [];
  for (const [label, prefix] of [
    ['OneDrive personal', 'HYPOMOS_LIVE_ONEDRIVE'],
    ['OneDrive for Business', 'HYPOMOS_LIVE_ONEDRIVE_BUSINESS'],
  ] as const) {
    const token = env[`${prefix}_TOKEN`];
    if (token)
      out.push({
        label,
        source: sourceRow(prefix.toLowerCase(), 'onedrive', {}),
        deps: { getAccessToken: async () => token },
        items: itemsFrom(env, prefix),
      });
  }
  const driveToken = env.HYPOMOS_LIVE_DRIVE_TOKEN;
  if (driveToken) {
    const key = env.HYPOMOS_LIVE_DRIVE_API_KEY ?? null;
    out.push({
      label: 'Google Drive',
      source: sourceRow('drive', 'gdrive', {}),
      deps: { getAccessToken: async () => driveToken, driveApiKey: async () => key },
      items: itemsFrom(env, 'HYPOMOS_LIVE_DRIVE'),
    });
  }
  const containerUrl = env.HYPOMOS_LIVE_BLOB_CONTAINER_URL;
  if (containerUrl) {
    const secrets = { sas: env.HYPOMOS_LIVE_BLOB_SAS ?? null, accountKey: env.HYPOMOS_LIVE_BLOB_KEY ?? null };
    out.push({
      label: 'Azure Blob',
      source: sourceRow('blob', 'azblob', { containerUrl }),
      deps: { getAzureSecrets: async () => secrets },
      items: itemsFrom(env, 'HYPOMOS_LIVE_BLOB'),
    });
  }
  return out.length > 0 ? out : null;
}

const IMAGE = 'Pictures/Travel/thompson-springs.jpg';
const VIDEO = 'Videos/with-gps.mp4';

/** The contract servers as `npm start` runs them (Graph personal and Business, Drive, azurite with its dev key). */
export async function contractSources(): Promise<{ sources: LiveSource[]; close: () => Promise<void> }> {
  const demo = await startDemoSources();
  const business = await startGraphServer({ driveType: 'business' }).catch(async (e) => {
    await demo.close();
    throw e;
  });
  await seedFromFolder(business);
  const ids = (store: { findByPath(p: string): { id: string } | undefined }) =>
    [
      { media: 'image' as const, path: IMAGE },
      { media: 'video' as const, path: VIDEO },
    ].map((i) => ({ ...i, id: store.findByPath(i.path)!.id }));
  const blobUrl = new URL(demo.config.blobSasUrl);
  const sources: LiveSource[] = [
    {
      label: 'OneDrive personal',
      source: sourceRow('onedrive', 'onedrive', { baseUrl: demo.graph.url }),
      deps: { getAccessToken: async () => demo.graph.authority.issueAccessToken() },
      items: ids(demo.graph.store),
    },
    {
      label: 'OneDrive for Business',
      source: sourceRow('business', 'onedrive', { baseUrl: business.url }),
      deps: { getAccessToken: async () => business.authority.issueAccessToken() },
      items: ids(business.store),
    },
    {
      label: 'Google Drive',
      source: sourceRow('drive', 'gdrive', { baseUrl: demo.drive.url }),
      deps: {
        getAccessToken: async () => demo.drive.authority.issueAccessToken(),
        driveApiKey: async () => DEV_DRIVE_API_KEY,
      },
      items: ids(demo.drive.store),
    },
    {
      label: 'Azure Blob',
      source: sourceRow('blob', 'azblob', { containerUrl: `${blobUrl.origin}${blobUrl.pathname}` }),
      deps: { getAzureSecrets: async () => ({ sas: null, accountKey: DEV_KEY }) },
      items: [IMAGE, VIDEO].map((p, i) => ({ media: i === 0 ? 'image' : 'video', id: p, path: p })),
    },
  ];
  return { sources, close: () => Promise.allSettled([demo.close(), business.close()]).then(() => undefined) };
}
