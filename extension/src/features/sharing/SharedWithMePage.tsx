import type { InboxEntry } from '@hypomos/shared/api/shares';
import type { PublicItem } from '@hypomos/shared/api/public';
import { useCallback, useEffect, useState } from 'react';
import { db } from '../../db';
import { EventApprovals } from './EventApprovals';
import { PortalSettings } from './PortalSettings';
import { ask } from '../../protocol';

const LIKES_KEY = 'sharing.likedShared';

/**
 * "Shared with me": collections other accounts shared with this user (the portal's inbox), read-only beside the
 * user's own library. Images load straight from the owners' links; a download saves the recipient's own copy.
 */
export function SharedWithMePage() {
  const [entries, setEntries] = useState<InboxEntry[] | null>(null);
  const [open, setOpen] = useState<InboxEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEntries((await ask('sharing.inbox')).entries);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section className="page shared-with-me" aria-label="Shared with me">
      <h1>Shared with me</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {error && <PortalSettings />}
      <ul className="inbox" data-testid="inbox">
        {(entries ?? []).map((e) => (
          <li key={e.id} data-inbox-id={e.id} data-status={e.status}>
            <strong>{e.title}</strong> from {e.ownerName} · {e.itemCount} items · {e.status}
            {e.status === 'pending' && (
              <button
                type="button"
                onClick={async () => {
                  await ask('sharing.inboxAccept', { id: e.id });
                  await load();
                }}
              >
                Accept
              </button>
            )}
            {e.status === 'accepted' && (
              <button type="button" onClick={() => setOpen(e)}>
                Open
              </button>
            )}
          </li>
        ))}
      </ul>
      {entries?.length === 0 && <p className="empty">Nothing shared with you yet.</p>}
      {open && <SharedItems entry={open} />}
      {!error && <EventApprovals />}
    </section>
  );
}

function SharedItems({ entry }: { entry: InboxEntry }) {
  const [items, setItems] = useState<PublicItem[]>([]);
  const [liked, setLiked] = useState<Set<string>>(new Set());
  useEffect(() => {
    void (async () => {
      const all: PublicItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: PublicItem[]; nextCursor: string | null } = await ask('sharing.inboxItems', {
          id: entry.id,
          cursor,
        });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      setItems(all);
      setLiked(new Set(((await db.kv.get(LIKES_KEY))?.value as string[] | undefined) ?? []));
    })();
  }, [entry.id]);
  const toggleLike = async (id: string) => {
    const next = new Set(liked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setLiked(next);
    await db.kv.put({ key: LIKES_KEY, value: [...next] });
  };
  return (
    <div className="shared-grid" data-testid="shared-items" aria-label={entry.title}>
      {items.map((i) => (
        <figure key={i.id} className="shared-tile" data-item-id={i.id}>
          {i.mediaType === 'image' ? (
            <img src={i.thumbnailUrl ?? i.originalUrl} alt="" loading="lazy" />
          ) : (
            <video src={i.originalUrl} controls preload="metadata" />
          )}
          <figcaption>
            <button type="button" aria-pressed={liked.has(i.id)} onClick={() => void toggleLike(i.id)}>
              {liked.has(i.id) ? '♥' : '♡'} Like
            </button>
            <button type="button" onClick={() => void download(i)}>
              Download
            </button>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

/** The recipient's own copy: fetched from the owner's link and saved by the browser. */
async function download(item: PublicItem) {
  const blob = await (await fetch(item.originalUrl)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${item.id}.${(item.mimeType ?? 'image/jpeg').split('/')[1] ?? 'bin'}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
