import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { db } from '../db';
import { setupHostFeature } from '../features/hosts/background';
import { MessageRouter } from '../features/messages/router';

export default defineBackground({
  type: 'module',
  main() {
    // Every listener is added synchronously here: MV3 only delivers the event that woke the worker to
    // listeners registered in the first turn.
    const router = new MessageRouter({ id: browser.runtime.id, origin: self.location.origin });
    browser.runtime.onMessage.addListener(router.listener());
    setupHostFeature(
      router,
      {
        db,
        // Replaced by the scanner service (features/sources) once background wiring lands there.
        providerFor: async (source) => {
          throw new Error(`No provider for ${source.kind} sources in this build yet`);
        },
        drain: async () => {},
      },
      db,
    );
    browser.runtime.onInstalled.addListener(() => {
      console.info('Hypomos installed');
    });
  },
});
