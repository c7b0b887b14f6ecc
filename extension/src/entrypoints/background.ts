import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { db } from '../db';
import { setupHostFeature } from '../features/hosts/background';
import { MessageRouter } from '../features/messages/router';
import { startSourcesBackground } from '../features/sources/background';
import { createProviderFor } from '../features/sources/provider-for';

export default defineBackground({
  type: 'module',
  main() {
    // Every listener is added synchronously here: MV3 only delivers the event that woke the worker to
    // listeners registered in the first turn.
    const router = new MessageRouter({ id: browser.runtime.id, origin: self.location.origin });
    browser.runtime.onMessage.addListener(router.listener());
    const providerFor = createProviderFor(db, {});
    const sources = startSourcesBackground({ db, router, providerFor, signIn: null });
    setupHostFeature(router, { db, providerFor, drain: (sourceId) => sources.scanner.drain(sourceId) }, db);
    browser.runtime.onInstalled.addListener(() => {
      console.info('Hypomos installed');
    });
  },
});
