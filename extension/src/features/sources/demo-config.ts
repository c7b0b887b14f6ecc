import { z } from 'zod';

/**
 * Where the demo build finds the local contract servers: `demo-config.json` beside the extension's
 * files (written by `npm start`), overridden by the settings page or by the message that connects them.
 */
export const DemoConfig = z.object({
  graphUrl: z.string().url().nullable().default(null),
  /** A second Graph contract server run as OneDrive for Business (driveType 'business'). */
  graphBusinessUrl: z.string().url().nullable().default(null),
  driveUrl: z.string().url().nullable().default(null),
  blobSasUrl: z.string().url().nullable().default(null),
  /**
   * The emulator account's key (azurite's documented, public development key): with it the Demo Blob signs a
   * read-only SAS per shared blob, as a real account-key source does, so sharing works in the demo.
   */
  blobAccountKey: z.string().min(1).nullable().default(null),
});
export type DemoConfig = z.infer<typeof DemoConfig>;

export async function loadDemoConfigFile(fetchFn: typeof fetch, url: string): Promise<DemoConfig | null> {
  try {
    const res = await fetchFn(url);
    if (!res.ok) return null;
    return DemoConfig.parse(await res.json());
  } catch {
    return null;
  }
}

/** The first non-null URL per server: explicit (message) → settings → file. */
export function mergeDemoConfig(...layers: (Partial<DemoConfig> | null | undefined)[]): DemoConfig {
  const pick = (k: keyof DemoConfig) =>
    layers.map((l) => l?.[k]).find((v): v is string => typeof v === 'string' && v.length > 0) ?? null;
  return {
    graphUrl: pick('graphUrl'),
    graphBusinessUrl: pick('graphBusinessUrl'),
    driveUrl: pick('driveUrl'),
    blobSasUrl: pick('blobSasUrl'),
    blobAccountKey: pick('blobAccountKey'),
  };
}

/** The sources "Demo OneDrive / Demo Google Drive / Demo Blob" for the given servers. */
export interface DemoSource {
  kind: 'onedrive' | 'gdrive' | 'azblob';
  name: string;
  config: Record<string, string>;
  /** Blob: the SAS, stored with the credentials rather than in the source row. */
  sas?: string;
  /** Blob: the account key, stored with the credentials; links are then per-blob read-only SAS. */
  accountKey?: string;
}

export function demoSources(config: DemoConfig): DemoSource[] {
  const out: DemoSource[] = [];
  if (config.graphUrl)
    out.push({ kind: 'onedrive', name: 'Demo OneDrive', config: { baseUrl: trim(config.graphUrl), demo: '1' } });
  if (config.graphBusinessUrl)
    out.push({
      kind: 'onedrive',
      name: 'Demo OneDrive for Business',
      config: { baseUrl: trim(config.graphBusinessUrl), demo: '1' },
    });
  if (config.driveUrl)
    out.push({ kind: 'gdrive', name: 'Demo Google Drive', config: { baseUrl: trim(config.driveUrl), demo: '1' } });
  if (config.blobSasUrl) {
    const url = new URL(config.blobSasUrl);
    out.push({
      kind: 'azblob',
      name: 'Demo Blob',
      config: { containerUrl: `${url.origin}${url.pathname}`, demo: '1' },
      sas: url.search.slice(1),
      ...(config.blobAccountKey ? { accountKey: config.blobAccountKey } : {}),
    });
  }
  return out;
}

const trim = (u: string) => u.replace(/\/+$/, '');
