import { useState } from 'react';
import type { HostLocation } from '../../features/hosts/location';
import { summarize } from '../../features/hosts/page/summary';
import { folderTarget } from '../../features/hosts/page/targets';
import { ask } from '../../protocol';

type Panel = null | 'collection' | 'event';

/** Quick actions on the current page: the selection the content script reported, or the URL's folder. */
export function Actions({ location, selectedIds }: { location: HostLocation; selectedIds: string[] }) {
  const [result, setResult] = useState<{ text: string; ok: boolean } | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [collections, setCollections] = useState<{ id: string; title: string; size: number }[]>([]);
  const [text, setText] = useState('');
  const host = location.host;
  const folder = folderTarget(location);

  const run = async (work: () => Promise<{ text: string; ok: boolean }>) => {
    setResult({ text: 'Working…', ok: true });
    try {
      setResult(await work());
      setPanel(null);
    } catch (error) {
      setResult({ text: error instanceof Error ? error.message : String(error), ok: false });
    }
  };
  const has = selectedIds.length > 0;
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        <button
          type="button"
          disabled={!has}
          onClick={() =>
            void run(async () =>
              summarize('Indexed', (await ask('hosts.indexSelection', { host, itemIds: selectedIds })).outcomes),
            )
          }
        >
          Index selection{has ? ` (${selectedIds.length})` : ''}
        </button>
        <button
          type="button"
          disabled={folder.kind !== 'folder'}
          onClick={() =>
            folder.kind === 'folder' &&
            void run(async () => ({
              text: `Indexed ${(await ask('hosts.indexFolder', { host, folder: folder.folder })).queued} photos and videos from ${folder.label}.`,
              ok: true,
            }))
          }
        >
          Index this folder
        </button>
        <button
          type="button"
          disabled={!has}
          onClick={() => {
            setPanel('collection');
            ask('hosts.listCollections').then(
              (r) => setCollections(r.collections),
              () => setCollections([]),
            );
          }}
        >
          Add to collection…
        </button>
        <button type="button" disabled={!has} onClick={() => setPanel('event')}>
          Share to event…
        </button>
      </div>
      {panel === 'collection' && (
        <div data-panel="collection" style={{ marginTop: 8, display: 'grid', gap: 4 }}>
          {collections.map((c) => (
            <button
              key={c.id}
              type="button"
              onClick={() =>
                void run(async () =>
                  summarize(
                    'Added:',
                    (await ask('hosts.addToCollection', { host, itemIds: selectedIds, target: { collectionId: c.id } }))
                      .outcomes,
                  ),
                )
              }
            >
              {c.title} ({c.size})
            </button>
          ))}
          <input
            aria-label="New collection name"
            placeholder="New collection name"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="button"
            disabled={!text.trim()}
            onClick={() =>
              void run(async () =>
                summarize(
                  'Added:',
                  (
                    await ask('hosts.addToCollection', {
                      host,
                      itemIds: selectedIds,
                      target: { newTitle: text.trim() },
                    })
                  ).outcomes,
                ),
              )
            }
          >
            Create and add
          </button>
        </div>
      )}
      {panel === 'event' && (
        <div data-panel="event" style={{ marginTop: 8, display: 'grid', gap: 4 }}>
          <input
            aria-label="Event link or share-to token"
            placeholder="Event link or share-to token"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="button"
            disabled={!text.trim()}
            onClick={() =>
              void run(async () =>
                summarize(
                  'Sent for approval:',
                  (await ask('hosts.shareToEvent', { host, itemIds: selectedIds, token: text.trim() })).outcomes,
                ),
              )
            }
          >
            Share
          </button>
        </div>
      )}
      {result && (
        <p
          role="status"
          data-kind={result.ok ? 'ok' : 'error'}
          style={{ whiteSpace: 'pre-line', color: result.ok ? '#146c2e' : '#b3261e' }}
        >
          {result.text}
        </p>
      )}
    </div>
  );
}
