import { useEffect } from 'react';
import { likeItem, recordStat } from '../slideshow';
import { getItem, MediaView, useLibrary, useLibraryContext, useLive } from '../library';
import { KeepWarmButton } from '../tiering';
import { MetadataPanel } from './MetadataPanel';

/** One item large, with its metadata; arrows step through `keys`, Escape closes. Each open is counted. */
export function Lightbox({
  keys,
  index,
  onIndex,
  onClose,
}: {
  keys: string[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const { db, store, clock } = useLibraryContext();
  const { byKey } = useLibrary(store);
  const key = keys[index]!;
  const catalogItem = byKey.get(key);
  const item = useLive(() => getItem(db, key), [db, key], undefined);

  useEffect(() => {
    void recordStat(db, key, 'open', clock.now());
  }, [db, key, clock]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowRight' && index < keys.length - 1) onIndex(index + 1);
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, keys.length, onClose, onIndex]);

  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label="Photo" data-testid="lightbox">
      <div className="lightbox-stage">
        {catalogItem && <MediaView item={catalogItem} testId="lightbox" />}
        <div className="lightbox-nav">
          <button type="button" disabled={index === 0} onClick={() => onIndex(index - 1)}>
            ← Previous
          </button>
          <span>
            {index + 1} / {keys.length}
          </span>
          <button type="button" disabled={index >= keys.length - 1} onClick={() => onIndex(index + 1)}>
            Next →
          </button>
          <button
            type="button"
            aria-pressed={item?.liked ?? false}
            data-testid="lightbox-like"
            onClick={async () => {
              await likeItem(db, key, clock.now());
              await store.refresh([key]);
            }}
          >
            {item?.liked ? '♥ Liked' : '♡ Like'}
          </button>
          <KeepWarmButton db={db} itemKey={key} />
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {item && <MetadataPanel item={item} db={db} />}
    </div>
  );
}
