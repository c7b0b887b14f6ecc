import { extractMetadata } from '@hypomos/shared/metadata/extract';
import type { Provider } from '@hypomos/shared/providers/provider';
import { browser } from 'wxt/browser';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import type { MessageRouter } from '../messages';
import { blurhashOfThumbnail } from './blurhash';
import { DEVICE_LARGE_EDGE, scaledJpeg } from './device-thumbnail';
import { loadDemoConfigFile, mergeDemoConfig } from './demo-config';
import { reverseGeocodeInWorker } from './geocode';
import { registerSourceHandlers, type SourceCredentials } from './handlers';
import { RemovalOutbox } from './removals';
import { systemClock } from '../../platform/clock';
import { BADGE_PRIORITY, toolbarBadge as toolbarBadgeLayers } from '../../platform/action-badge';
import { type Badge, ScannerService } from './service';
import { readSourcesSettings, sourcesSettingsItem } from './settings';
import { createThumbnailSource, ThumbnailCache } from './thumbnails';
import type { ScannerDeps } from './scanner/context';

export const SYNC_ALARM = 'hypomos-sync';

export interface SourcesBackground {
  scanner: ScannerService;
  removals: RemovalOutbox;
  thumbnails: ThumbnailCache;
}

/** The toolbar badge's sync layer (platform/action-badge.ts): progress above the organizer's activity, errors below. */
const toolbarBadge: Badge = {
  set: (text, color) =>
    toolbarBadgeLayers().set(
      'sources',
      text,
      color,
      text === '!' ? BADGE_PRIORITY.syncError : BADGE_PRIORITY.syncProgress,
    ),
};

/**
 * Wires the sources feature into the service worker: scanner, removal outbox, thumbnail cache,
 * messages, the sync alarm, and resuming whatever a stopped worker left. Listeners are added
 * synchronously (MV3 only wakes a worker for listeners registered in its first turn).
 */
export function startSourcesBackground(opts: {
  db: HypomosDb;
  router: MessageRouter;
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** sources/auth: sign-in, Blob secrets, forgetting a source's credentials. */
  credentials: SourceCredentials | null;
  /** Keys of items moved here by tiering (features/tiering/store.ts `aliasKeys`). */
  keyAliases?: ScannerDeps['keyAliases'];
  /** The share portal's origin (sharing/pairing.ts), for the Blob CORS rule. */
  portalOrigin: () => Promise<string | null>;
}): SourcesBackground {
  const { db, router, providerFor } = opts;
  const removals = new RemovalOutbox(db);
  const thumbnails = new ThumbnailCache(db, async () => (await readSourcesSettings()).thumbnailCacheMiB * 1024 * 1024);
  const scanner = new ScannerService(
    {
      db,
      providerFor,
      extractMetadata: (reader, hints) => extractMetadata(reader, hints, { reverseGeocode: reverseGeocodeInWorker }),
      blurhash: blurhashOfThumbnail,
      keepThumbnail: async (key, bytes) => void (await thumbnails.put(key, 'small', bytes)),
      orientPreview: (preview, orientation) => scaledJpeg(preview, 320, orientation),
      clock: systemClock,
      onRemovals: () => removals.deliver(),
      keyAliases: opts.keyAliases,
    },
    toolbarBadge,
  );
  removals.onItemsRemoved((keys) => thumbnails.removeItems(keys));

  registerSourceHandlers(router, {
    scanner,
    removals,
    credentials: opts.credentials,
    providerFor,
    blobCors: { providerFor, portalOrigin: opts.portalOrigin },
    thumbnails: createThumbnailSource({
      db,
      cache: thumbnails,
      providerFor,
      makeLarge: (original) => scaledJpeg(original, DEVICE_LARGE_EDGE),
    }),
    demoConfig: async () =>
      mergeDemoConfig(
        (await readSourcesSettings()).demo,
        await loadDemoConfigFile(fetch, new URL('/demo-config.json', self.location.origin).href),
      ),
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void scanner.syncAll();
  });

  const applySettings = async () => {
    const settings = await readSourcesSettings();
    scanner.deps.concurrency = settings.concurrency;
    const existing = await browser.alarms.get(SYNC_ALARM);
    if (settings.syncIntervalMinutes === 0) await browser.alarms.clear(SYNC_ALARM);
    else if (existing?.periodInMinutes !== settings.syncIntervalMinutes) {
      await browser.alarms.create(SYNC_ALARM, {
        periodInMinutes: settings.syncIntervalMinutes,
        delayInMinutes: settings.syncIntervalMinutes,
      });
    }
  };
  // Settings saved on the sources page take effect without a restart.
  sourcesSettingsItem.watch(() => void applySettings().catch((e) => console.error('Hypomos: settings not applied', e)));

  void (async () => {
    await applySettings();
    await removals.deliver();
    await scanner.resumeAll();
  })().catch((e) => console.error('Hypomos: sources start-up failed', e));

  return { scanner, removals, thumbnails };
}
