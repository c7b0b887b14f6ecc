import type { Provider } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../db/rows';
import type { MessageRouter } from '../messages';
import { sourcesProtocol } from './messages';
import { type DemoConfig, demoSources, mergeDemoConfig } from './demo-config';
import { type BlobCorsDeps, blobCorsStatus, recordCorsTest } from './blob-cors';
import { addSource, removeSource } from './registry';
import type { RemovalOutbox } from './removals';
import type { ScannerService } from './service';
import type { ThumbnailSource } from './thumbnails';
import { sourceStatuses } from './status';
import { sourceStorage } from './storage';

/** What the handlers need from sources/auth (credentials stay in extension storage). */
export interface SourceCredentials {
  signIn: (kind: 'onedrive' | 'gdrive', sourceId: string) => Promise<void>;
  saveAzureSecrets: (sourceId: string, secrets: { sas?: string | null; accountKey?: string | null }) => Promise<void>;
  forget: (sourceId: string) => Promise<void>;
}

export interface SourceHandlerDeps {
  scanner: ScannerService;
  removals: RemovalOutbox;
  /** Demo servers from settings and demo-config.json (the message's own URLs win). */
  demoConfig: () => Promise<DemoConfig>;
  credentials: SourceCredentials | null;
  /** Fetches and caches an item's large thumbnail through its provider (the pages read the cache). */
  thumbnails: ThumbnailSource;
  /** Each source's provider, for its storage quota. */
  providerFor: (source: SourceRow) => Promise<Provider>;
  /** Blob sources' CORS rule for the portal (blob-cors.ts). */
  blobCors: Omit<BlobCorsDeps, 'db'>;
}

/** The background side of the sources page: only the extension's own pages may drive it. */
export function registerSourceHandlers(router: MessageRouter, deps: SourceHandlerDeps): void {
  const { scanner } = deps;
  const db = scanner.db;
  const credentials = () => {
    if (!deps.credentials) throw new Error('Sign-in is not available in this build.');
    return deps.credentials;
  };
  /** Adds a OneDrive/Drive source and signs it in; a failed sign-in leaves no half-connected source. */
  const connectOAuth = async (spec: { kind: 'onedrive' | 'gdrive'; name: string; config: Record<string, string> }) => {
    const source = await addSource(db, spec);
    try {
      await credentials().signIn(spec.kind, source.id);
    } catch (error) {
      await removeSource(db, source.id);
      throw error;
    }
    void scanner.sync(source.id);
    return source.id;
  };

  router.register(sourcesProtocol, {
    'sources.status': async () => ({
      sources: await sourceStatuses(db, scanner.running),
    }),
    'sources.sync': async (m) => ({ started: await scanner.syncAll(m.sourceId) }),
    'sources.add': async (m) => {
      const source = await addSource(db, { kind: m.kind, name: m.name, config: m.config });
      if (m.secrets) await credentials().saveAzureSecrets(source.id, m.secrets);
      if (m.sync) void scanner.sync(source.id);
      return { id: source.id };
    },
    'sources.connect': async (m) => ({ id: await connectOAuth(m) }),
    'sources.remove': async (m) => {
      const removed = await removeSource(db, m.sourceId);
      await deps.credentials?.forget(m.sourceId);
      await deps.removals.deliver();
      return { removed };
    },
    'sources.storage': async () => ({
      sources: await sourceStorage(await db.sources.toArray(), deps.providerFor),
    }),
    'sources.blobCors': (m) => blobCorsStatus({ db, ...deps.blobCors }, m.sourceId, m.refresh),
    'sources.blobCorsTested': async (m) => ({
      kept: await recordCorsTest(db, m.sourceId, m.origin, m.ok),
    }),
    'sources.cacheThumbnail': async (m) => {
      // Provider calls (and token refreshes) stay in the background; the page reads the shared Cache Storage.
      await deps.thumbnails(m.key);
      return { cached: true };
    },
    'sources.connectDemo': async (m) => {
      const specs = demoSources(mergeDemoConfig(m, await deps.demoConfig()));
      if (specs.length === 0)
        throw new Error(
          'No demo servers configured: start them with `npm start`, or enter their URLs in the settings.',
        );
      const ids: string[] = [];
      for (const spec of specs) {
        if (spec.kind === 'azblob') {
          const source = await addSource(db, spec);
          if (spec.sas || spec.accountKey)
            await credentials().saveAzureSecrets(source.id, {
              sas: spec.sas ?? null,
              accountKey: spec.accountKey ?? null,
            });
          void scanner.sync(source.id);
          ids.push(source.id);
        } else ids.push(await connectOAuth({ kind: spec.kind, name: spec.name, config: spec.config }));
      }
      return { ids };
    },
  });
}
