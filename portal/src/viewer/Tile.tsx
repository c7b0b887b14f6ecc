import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { PublicItem } from '@hypomos/shared/api/public';
import { useState } from 'react';
import { Blurhash } from './Blurhash';

/**
 * One grid cell: the blurhash first, then the thumbnail straight from the owner's delegated link. If the thumbnail
 * fails the original is tried; if that fails too, the item is dead and the viewer hides and reports it.
 */
export function Tile({
  item,
  width,
  height,
  onOpen,
  onDead,
}: {
  item: PublicItem;
  width: number;
  height: number;
  onOpen: () => void;
  onDead: (item: PublicItem, url: string) => void;
}) {
  const candidates = [item.thumbnailUrl, item.mediaType === 'image' ? item.originalUrl : null].filter(
    (u): u is string => !!u,
  );
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const src = candidates[attempt];
  const failed = () => (attempt + 1 < candidates.length ? setAttempt(attempt + 1) : onDead(item, src!));
  const label = [
    item.mediaType === 'video' ? 'Video' : 'Photo',
    item.capturedAt ? formatCaptureTime(Date.parse(item.capturedAt), { time: false }) : null,
    item.placeLabel,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <button
      type="button"
      className="tile"
      style={{ width, height }}
      onClick={onOpen}
      data-item-id={item.id}
      aria-label={label}
    >
      <Blurhash hash={item.blurhash} className="tile-blur" />
      {src && (
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          className={loaded ? 'tile-img loaded' : 'tile-img'}
          onLoad={() => setLoaded(true)}
          onError={failed}
        />
      )}
      {item.mediaType === 'video' && (
        <span className="tile-badge">▶ {item.durationSec ? formatDuration(item.durationSec) : ''}</span>
      )}
      {item.contributorName && <span className="tile-by">{item.contributorName}</span>}
    </button>
  );
}

export function formatDuration(sec: number) {
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
