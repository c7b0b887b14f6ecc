import { type Azurite, startAzurite } from './azurite';
import { type DriveServer, startDriveServer } from './drive/server';
import { type GraphServer, startGraphServer } from './graph/server';
import { freePort } from './ports';
import { demoPhotosDir, loadSeedFiles } from './seed';

/** The demo build's view of the local sources (the extension reads it as demo-config.json). */
export interface DemoConfig {
  graphUrl: string;
  driveUrl: string;
  blobSasUrl: string;
  /** azurite's documented development key (public, not a secret): the Demo Blob signs its share links with it. */
  blobAccountKey: string;
}

export interface DemoSources {
  graph: GraphServer;
  drive: DriveServer;
  azurite: Azurite;
  config: DemoConfig;
  close: () => Promise<void>;
}

/** Prefers a well-known port so the demo's URLs stay the same between runs; falls back to a free one. */
async function portOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => freePort().then(resolve));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

/**
 * "Demo OneDrive", "Demo Google Drive" and "Demo Blob": the Graph and Drive contract servers and a real
 * azurite container, each seeded with the committed demo photos (demo/photos, see its NOTICE.md).
 */
export async function startDemoSources(opts: { stablePorts?: boolean; dir?: string } = {}): Promise<DemoSources> {
  const files = await loadSeedFiles(opts.dir ?? demoPhotosDir);
  const graph = await startGraphServer({ files, ...(opts.stablePorts ? { port: await portOr(8790) } : {}) });
  // A free Google account's 15 GB (About.storageQuota.limit), so the demo's Insights page has a limit to show.
  const drive = await startDriveServer({
    files,
    quotaBytes: 15 * 1024 ** 3,
    ...(opts.stablePorts ? { port: await portOr(8791) } : {}),
  });
  const azurite = await startAzurite();
  try {
    const container = await azurite.createContainer('photos');
    for (const file of files) await container.addFile(file);
    const sas = await container.sas('rl', new Date(Date.now() + 30 * 24 * 3600_000));
    return {
      graph,
      drive,
      azurite,
      config: {
        graphUrl: graph.url,
        driveUrl: drive.url,
        blobSasUrl: `${container.url}?${sas}`,
        blobAccountKey: azurite.accountKey,
      },
      close: async () => {
        await Promise.allSettled([graph.close(), drive.close(), azurite.close()]);
      },
    };
  } catch (e) {
    await Promise.allSettled([graph.close(), drive.close(), azurite.close()]);
    throw e;
  }
}
