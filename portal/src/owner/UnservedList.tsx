import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { Share } from '@hypomos/shared/api/shares';
import { downloadsOf } from '@hypomos/shared/sharing/download-sizes';
import { useState } from 'react';
import { client, ok } from '../api/client';
import { unservedWords } from './unserved-words';
import { useLoad } from './useLoad';

/**
 * The items of one share its guests cannot load under its settings (with the relay off: what no direct link serves),
 * each with its still and the reason in words. Nothing shows when every item can be served.
 */
export function UnservedList({ share, title }: { share: Share; title: string }) {
  const list = useLoad(
    async () => (await ok(client.api.shares[':id'].unrelayed.$get({ param: { id: share.id } }))).items,
    `${share.id}:${share.relayEnabled}:${share.downloads ?? share.allowDownload}`,
  );
  if (list.error) return <p className="error">{list.error}</p>;
  if (!list.data?.length) return null;
  return (
    <section className="card unserved" data-testid="unserved" data-share={share.id}>
      <h3>
        Guests of “{title}” cannot load {list.data.length} {list.data.length === 1 ? 'item' : 'items'}
      </h3>
      <p className="muted">
        {share.relayEnabled
          ? 'No direct link serves these, and the portal cannot stream them.'
          : 'The portal relay is off for this link, so nothing passes through the portal. Turn it on to serve these, or share them from storage that serves them directly.'}
      </p>
      <ul className="plain unserved-items">
        {list.data.map((u) => (
          <li key={u.itemId} data-item-id={u.itemId} className="unserved-item">
            <Still url={u.thumbnailUrl} />
            <span>
              <strong>
                {u.mediaType === 'video' ? 'Video' : 'Photo'}
                {u.capturedAt ? `, ${formatCaptureTime(Date.parse(u.capturedAt), { time: false })}` : ''}
              </strong>
              <br />
              <span className="muted">{unservedWords(u, downloadsOf(share))}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The item's still, or a blank square where there is none or its host refuses this page (as it may refuse guests). */
function Still({ url }: { url: string | null }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <span className="unserved-thumb" aria-hidden="true" />;
  return (
    <img
      src={url}
      alt=""
      referrerPolicy="no-referrer"
      loading="lazy"
      className="unserved-thumb"
      onError={() => setFailed(true)}
    />
  );
}
