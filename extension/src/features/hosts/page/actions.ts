import { MessageError } from '../../messages';
import type { HostAdapter } from '../adapter';
import type { HostLocation } from '../location';
import type { ActionTarget } from './targets';
import { collectionPanel, eventPanel } from '../ui/panels';
import type { MenuAction, ToolbarView } from '../ui/toolbar';
import { decodeQrFile } from './qr';
import { summarize } from './summary';
import { ask } from '../../../protocol';

export interface ActionEnv {
  adapter: HostAdapter;
  view: ToolbarView;
  signal: AbortSignal;
  location: HostLocation | null;
  /** Called after an action changed the index, so the badges are asked for again. */
  changed: () => void;
}

const message = (error: unknown) =>
  error instanceof MessageError || error instanceof Error ? error.message : String(error);

/** Runs one menu action on its target, reporting progress and the outcome in the toolbar's status line. */
export async function runAction(action: MenuAction, target: ActionTarget, env: ActionEnv): Promise<void> {
  const { view, adapter } = env;
  const host = adapter.kind;
  if (target.kind === 'none') {
    view.setStatus(target.reason, 'error');
    return;
  }
  try {
    if (target.kind === 'folder') {
      view.setStatus(`Indexing ${target.label}…`, 'busy');
      const reply = await ask('hosts.indexFolder', { host, folder: target.folder });
      view.setStatus(`Indexed ${reply.queued} photos and videos from ${target.label}.`, 'ok');
      env.changed();
      return;
    }
    const itemIds = target.ids;
    if (action === 'indexSelection' || action === 'indexFolder') {
      view.setStatus(`Indexing ${itemIds.length}…`, 'busy');
      const reply = await ask('hosts.indexSelection', { host, itemIds });
      const s = summarize('Indexed', reply.outcomes);
      view.setStatus(s.text, s.ok ? 'ok' : 'error');
      env.changed();
      return;
    }
    if (action === 'addToCollection') {
      view.setStatus('Loading collections…', 'busy');
      const { collections } = await ask('hosts.listCollections');
      view.setStatus('', 'ok');
      view.showPanel(
        collectionPanel(collections, env.signal, (pick) => {
          view.setStatus('Adding…', 'busy');
          ask('hosts.addToCollection', { host, itemIds, target: pick })
            .then((reply) => {
              const s = summarize(`Added to "${reply.title}":`, reply.outcomes);
              view.showPanel(null);
              view.setStatus(s.text, s.ok ? 'ok' : 'error');
              env.changed();
            })
            .catch((error: unknown) => view.setStatus(message(error), 'error'));
        }),
      );
      return;
    }
    view.setStatus('', 'ok');
    view.showPanel(
      eventPanel(env.signal, decodeQrFile, (token) => {
        view.setStatus('Sharing to the event…', 'busy');
        ask('hosts.shareToEvent', { host, itemIds, token })
          .then((reply) => {
            const s = summarize('Sent for approval:', reply.outcomes);
            view.showPanel(null);
            view.setStatus(s.text, s.ok ? 'ok' : 'error');
            env.changed();
          })
          .catch((error: unknown) => view.setStatus(message(error), 'error'));
      }),
    );
  } catch (error) {
    view.setStatus(message(error), 'error');
  }
}
