import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { PublicItem } from '@hypomos/shared/api/public';
import { useMemo, useState } from 'react';
import { Blurhash } from './Blurhash';
import { gridSources } from './delivery-path';
import { failureText, type Healing, useSourceChain } from './healing';

/**
 * One grid cell: the blurhash first, then the item's grid sources in order (straight from the owner's links, the
 * relay last). When all fail the item is diagnosed: gone items are hidden and reported, a throttle says so.
 */
export function Tile({
  item,
  width,
  height,
  onOpen,
  heal,
}: {
  item: PublicItem;
  width: number;
  height: number;
  onOpen: () => void;
  heal: Healing;
}) {
  const sources = useMemo(() => gridSources(item, heal.relayUrlOf), [item, heal]);
  const chain = useSourceChain(sources, item, heal);
  const [loaded, setLoaded] = useState<string | null>(null);
  const problem = failureText(chain.verdict, item.mediaType);
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
      {chain.source && (
        <img
          key={chain.source.url}
          src={chain.source.url}
          referrerPolicy={chain.source.referrerPolicy}
          alt=""
          // A queued (gated) source already waited for its turn; lazy loading could hold its slot off screen.
          loading={chain.source.gate ? 'eager' : 'lazy'}
          decoding="async"
          className={loaded === chain.source.url ? 'tile-img loaded' : 'tile-img'}
          data-via={chain.source.via}
          onLoad={() => {
            chain.onLoad();
            setLoaded(chain.source?.url ?? null);
          }}
          onError={chain.onError}
        />
      )}
      {problem && (
        <span className="tile-problem" data-verdict={chain.verdict}>
          {problem}
        </span>
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
