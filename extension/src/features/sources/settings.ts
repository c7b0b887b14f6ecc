import { z } from 'zod';
import { storage } from 'wxt/utils/storage';

/**
 * Run-time settings of the sources feature. Production endpoints are the defaults; the demo build and
 * tests point them (or single sources, through SourceRow.config) at local contract servers.
 */
export const SourcesSettings = z.object({
  endpoints: z.object({
    graph: z.string().url(),
    microsoftLogin: z.string().url(),
    drive: z.string().url(),
    googleAuth: z.string().url(),
    googleToken: z.string().url(),
  }),
  /** OAuth client ids (public clients, PKCE): not secrets, but each deployment registers its own. */
  clientIds: z.object({ microsoft: z.string(), google: z.string() }),
  /** Minutes between background syncs (alarms); 0 turns them off. */
  syncIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Range reads and thumbnails in flight per source. */
  concurrency: z.number().int().min(1).max(16),
  thumbnailCacheMiB: z.number().int().min(8).max(8192),
  /** Base URLs of the local contract servers offered as "Demo OneDrive / Drive / Blob". */
  demo: z.object({
    graphUrl: z.string().url().nullable(),
    driveUrl: z.string().url().nullable(),
    blobSasUrl: z.string().url().nullable(),
  }),
});
export type SourcesSettings = z.infer<typeof SourcesSettings>;

export const defaultSourcesSettings: SourcesSettings = {
  endpoints: {
    graph: 'https://graph.microsoft.com/v1.0',
    microsoftLogin: 'https://login.microsoftonline.com/common/oauth2/v2.0',
    drive: 'https://www.googleapis.com',
    googleAuth: 'https://accounts.google.com/o/oauth2/v2/auth',
    googleToken: 'https://oauth2.googleapis.com/token',
  },
  clientIds: { microsoft: '', google: '' },
  syncIntervalMinutes: 15,
  concurrency: 4,
  thumbnailCacheMiB: 256,
  demo: { graphUrl: null, driveUrl: null, blobSasUrl: null },
};

/**
 * Stored in extension storage (local) and versioned: a new shape bumps `version` and adds a migration
 * here, so a user's settings survive updates.
 */
export const sourcesSettingsItem = storage.defineItem<SourcesSettings>('local:sources-settings', {
  fallback: defaultSourcesSettings,
  version: 1,
  migrations: {},
});

/** The stored settings, with anything malformed or missing replaced by the defaults. */
export async function readSourcesSettings(): Promise<SourcesSettings> {
  return parseSettings(await sourcesSettingsItem.getValue());
}

export function parseSettings(stored: unknown): SourcesSettings {
  const base = typeof stored === 'object' && stored !== null ? (stored as Partial<SourcesSettings>) : {};
  const merged = {
    ...defaultSourcesSettings,
    ...base,
    endpoints: { ...defaultSourcesSettings.endpoints, ...base.endpoints },
    clientIds: { ...defaultSourcesSettings.clientIds, ...base.clientIds },
    demo: { ...defaultSourcesSettings.demo, ...base.demo },
  };
  const parsed = SourcesSettings.safeParse(merged);
  return parsed.success ? parsed.data : defaultSourcesSettings;
}

export async function updateSourcesSettings(patch: (s: SourcesSettings) => SourcesSettings): Promise<SourcesSettings> {
  const next = SourcesSettings.parse(patch(await readSourcesSettings()));
  await sourcesSettingsItem.setValue(next);
  return next;
}
