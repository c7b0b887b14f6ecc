import type { PublicItem } from '@hypomos/shared/api/public';
import { Blurhash } from './Blurhash';

/** The full-size photo or a playable video, loaded from the owner's delegated link. */
export function MediaView({
  item,
  autoPlay,
  onEnded,
  onDead,
}: {
  item: PublicItem;
  autoPlay?: boolean;
  onEnded?: () => void;
  onDead: (item: PublicItem, url: string) => void;
}) {
  if (item.mediaType === 'video') {
    return (
      <video
        key={item.id}
        className="media"
        src={item.originalUrl}
        poster={item.thumbnailUrl ?? undefined}
        controls
        autoPlay={autoPlay}
        muted={autoPlay}
        playsInline
        onEnded={onEnded}
        onError={() => onDead(item, item.originalUrl)}
      />
    );
  }
  return (
    <div className="media-frame">
      <Blurhash hash={item.blurhash} className="media-blur" />
      <img
        key={item.id}
        className="media"
        src={item.originalUrl}
        alt=""
        onError={() => onDead(item, item.originalUrl)}
      />
    </div>
  );
}
