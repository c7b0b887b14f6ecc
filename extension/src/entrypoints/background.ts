import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { db } from '../db';
import { keepStoragePersistent } from '../db/persist';
import { setupHostFeature } from '../features/hosts/background';
import { startSharingBackground } from '../features/sharing/background';
import { portalDriveApiKey, readPortal } from '../features/sharing/pairing';
import { MessageRouter } from '../features/messages/router';
import { browserSourceAuth } from '../features/sources/auth/browser-auth';
import { browserLocalStorage } from '../features/sources/auth/web-auth-flow';
import { startSourcesBackground } from '../features/sources/background';
import { registerMediaRedirect, type WebRequestApi } from '../features/sources/media-redirect';
import { registerMediaStream } from '../features/sources/media-stream';
import { createProviderFor } from '../features/sources/provider-for';
import { aliasKeys } from '../features/tiering/store';
import { startVisionBackground } from '../features/vision/background';
import { runnerDocumentForThisBrowser } from '../features/vision/runner-document';
import { registerRetrainAlarm } from '../features/vision/suggestions';

export default defineBackground({
  type: 'module',
  main() {
    // Every listener is added synchronously here: MV3 only delivers the event that woke the worker to
    // listeners registered in the first turn.
    const router = new MessageRouter({ id: browser.runtime.id, origin: self.location.origin });
    browser.runtime.onMessage.addListener(router.listener());
    // OAuth tokens and Blob secrets live in storage.local only (sources/auth), never in the portal.
    const auth = browserSourceAuth(db);
    // Drive links carry the paired portal's browser API key (sharing/pairing.ts), read at link time.
    const providerFor = createProviderFor(db, { ...auth, driveApiKey: () => portalDriveApiKey(browserLocalStorage) });
    const sources = startSourcesBackground({
      db,
      router,
      providerFor,
      credentials: auth,
      keyAliases: aliasKeys,
      portalOrigin: async () => (await readPortal(browserLocalStorage))?.origin ?? null,
    });
    // Videos for the extension's pages: Chrome's service worker streams them (features/sources/media-stream.ts);
    // Firefox's background page redirects them to the provider with the token added (media-redirect.ts).
    if ('clients' in self) registerMediaStream(self as never, { db, providerFor });
    else if (browser.webRequest)
      registerMediaRedirect(browser.webRequest as unknown as WebRequestApi, {
        db,
        providerFor,
        ownOrigin: (browser.runtime as unknown as { getURL(path: string): string }).getURL('/'),
      });
    setupHostFeature(router, { db, providerFor, drain: (sourceId) => sources.scanner.drain(sourceId) }, db);
    // Sharing: publisher, deletion propagation, expiry (features/sharing/background.ts).
    startSharingBackground({
      db,
      router,
      providerFor,
      removals: sources.removals,
      scanner: sources.scanner,
      store: browserLocalStorage,
    });
    // Vision: a hidden runner document drains the queue while work waits, with or without a dashboard open.
    const vision = startVisionBackground({ db, router, alarms: browser.alarms, doc: runnerDocumentForThisBrowser() });
    sources.scanner.onSynced((sourceId) => {
      void vision?.sourceSynced(sourceId).catch((e: unknown) => console.warn('Hypomos: vision after sync failed', e));
    });
    // Tag suggestions retrain on a schedule (features/vision/suggestions.ts).
    registerRetrainAlarm(browser.alarms, db);
    // Firefox evicts best-effort storage under disk pressure: ask for persistent storage (db/persist.ts).
    void keepStoragePersistent(globalThis.navigator?.storage).catch((e: unknown) =>
      console.warn('Hypomos: persistent storage request failed', e),
    );
    browser.runtime.onInstalled.addListener(() => {
      console.info('Hypomos installed');
    });
  },
});
