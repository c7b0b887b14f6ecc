import { fromExtensionPage } from '../messages/senders';
import type { MessageRouter } from '../messages/router';
import { AddSource, ConnectDemo, RemoveSource, SourcesStatus, SyncSources } from '../messages/schema';
import { type DemoConfig, demoSources, mergeDemoConfig } from './demo-config';
import type { RemovalOutbox } from './removals';
import { addSource, removeSource } from './registry';
import type { ScannerService } from './service';
import { sourceStatuses } from './status';

export interface SourceHandlerDeps {
  scanner: ScannerService;
  removals: RemovalOutbox;
  /** Demo servers from settings and demo-config.json (the message's own URLs win). */
  demoConfig: () => Promise<DemoConfig>;
  /** Signs a new OneDrive / Drive source in (sources/auth); null where sign-in is not wired. */
  signIn: ((kind: 'onedrive' | 'gdrive', sourceId: string) => Promise<void>) | null;
}

/** The background side of the sources page: only the extension's own pages may drive it. */
export function registerSourceHandlers(router: MessageRouter, deps: SourceHandlerDeps): void {
  const { scanner } = deps;
  const db = scanner.db;
  router
    .on('sources.status', SourcesStatus, fromExtensionPage, async () => ({ sources: await sourceStatuses(db, scanner.running) }))
    .on('sources.sync', SyncSources, fromExtensionPage, async (m) => ({ started: await scanner.syncAll(m.sourceId) }))
    .on('sources.add', AddSource, fromExtensionPage, async (m) => {
      const source = await addSource(db, { kind: m.kind, name: m.name, config: m.config });
      if (m.sync) void scanner.sync(source.id);
      return { id: source.id };
    })
    .on('sources.remove', RemoveSource, fromExtensionPage, async (m) => {
      const removed = await removeSource(db, m.sourceId);
      await deps.removals.deliver();
      return { removed };
    })
    .on('sources.connectDemo', ConnectDemo, fromExtensionPage, async (m) => {
      const config = mergeDemoConfig(m, await deps.demoConfig());
      const specs = demoSources(config);
      if (specs.length === 0) throw new Error('No demo servers configured: start them with `npm start`, or enter their URLs in the settings.');
      const ids: string[] = [];
      for (const spec of specs) {
        const source = await addSource(db, spec);
        if (spec.kind !== 'azblob') {
          if (!deps.signIn) throw new Error('Sign-in is not available in this build.');
          await deps.signIn(spec.kind, source.id);
        }
        ids.push(source.id);
        void scanner.sync(source.id);
      }
      return { ids };
    });
}
