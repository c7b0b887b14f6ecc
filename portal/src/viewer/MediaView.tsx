import type { PublicItem } from '@hypomos/shared/api/public';
import { useEffect, useMemo } from 'react';
import { Blurhash } from './Blurhash';
import { fullSources, posterOf } from './delivery-path';
import { failureText, type Healing, useSourceChain } from './healing';

/**
 * The full-size photo or a playable video: the direct full form first, then the relay; when both fail, the item is
 * diagnosed (a throttle says so; a gone item is hidden and reported by the viewer).
 */
export function MediaView({
  item,
  autoPlay,
  onEnded,
  heal,
}: {
  item: PublicItem;
  autoPlay?: boolean;
  onEnded?: () => void;
  heal: Healing;
}) {
  const sources = useMemo(() => fullSources(item, heal.relayUrlOf), [item, heal]);
  const chain = useSourceChain(sources, item, heal);
  const source = chain.source;
  useVideoReferrer(item.mediaType === 'video' && source?.referrerPolicy === 'strict-origin');
  const problem =
    sources.length === 0
      ? `This ${item.mediaType === 'video' ? 'video' : 'photo'} can only be shown through the portal, which its owner keeps off.`
      : failureText(chain.verdict, item.mediaType);
  if (item.mediaType === 'video') {
    const poster = posterOf(item);
    return (
      <div className="media-frame">
        {source && (
          <video
            key={source.url}
            className="media"
            src={source.url}
            poster={poster?.url}
            controls
            autoPlay={autoPlay}
            muted={autoPlay}
            playsInline
            data-via={source.via}
            onEnded={onEnded}
            onError={chain.onError}
            onLoadedData={chain.onLoad}
          />
        )}
        {problem && <MediaProblem text={problem} />}
      </div>
    );
  }
  return (
    <div className="media-frame">
      <Blurhash hash={item.blurhash} className="media-blur" />
      {source && (
        <img
          key={source.url}
          className="media"
          src={source.url}
          referrerPolicy={source.referrerPolicy}
          alt=""
          data-via={source.via}
          onLoad={chain.onLoad}
          onError={chain.onError}
        />
      )}
      {problem && <MediaProblem text={problem} />}
    </div>
  );
}

function MediaProblem({ text }: { text: string }) {
  return (
    <p className="media-problem" role="status">
      {text}
    </p>
  );
}

/**
 * <video> has no referrerpolicy attribute: it follows the document's policy. While a video that needs its origin as
 * Referer (a Drive key restricted by referrer) plays, the page's policy is `strict-origin`, which sends the origin
 * only, never the path holding the share token; `same-origin` (the header's policy) is restored afterwards.
 */
function useVideoReferrer(strictOrigin: boolean) {
  useEffect(() => {
    if (!strictOrigin) return;
    const meta = document.createElement('meta');
    meta.name = 'referrer';
    meta.content = 'strict-origin';
    document.head.appendChild(meta);
    return () => {
      meta.content = 'same-origin';
      meta.remove();
    };
  }, [strictOrigin]);
}
