import { mediaPath } from '../../platform/media-path';
import type { CatalogItem } from './catalog';
import { useBestImage } from './thumbnails';

/**
 * One item at full size: a photo as its best image; a video as a player streamed from its source through
 * the service worker (sources/media-stream.ts), with its poster frame until it starts.
 */
export function MediaView({
  item,
  autoPlay = false,
  onEnded,
  testId,
}: {
  item: CatalogItem;
  autoPlay?: boolean;
  onEnded?: () => void;
  testId: string;
}) {
  const src = useBestImage(item, 1600);
  if (item.mediaType === 'video') {
    return (
      <video
        key={item.key}
        src={mediaPath(item.key)}
        poster={src ?? undefined}
        controls
        autoPlay={autoPlay}
        playsInline
        onEnded={onEnded}
        data-testid={`${testId}-video`}
      />
    );
  }
  return src ? <img src={src} alt={item.name} data-testid={`${testId}-image`} /> : null;
}
