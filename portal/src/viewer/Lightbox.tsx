import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { PublicItem } from '@hypomos/shared/api/public';
import type { StatKind } from '@hypomos/shared/api/shares';
import { useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import { FeedbackPanel } from './feedback/FeedbackPanel';
import type { FeedbackControl } from './feedback/useFeedback';
import { downloadItem } from './files';
import type { Healing } from './healing';
import { MediaView } from './MediaView';
import { useSwipe } from './swipe';
import { focusOnMount, useKeys } from './useKeys';

export interface OverlayProps {
  items: PublicItem[];
  index: number;
  setIndex: (i: number) => void;
  close: () => void;
  allowDownload: boolean;
  record: (itemId: string, kind: StatKind) => void;
  heal: Healing;
  /** Comments and reactions, when the link's owner turned them on: a panel beside the photo. */
  feedback?: FeedbackControl;
}

export function Caption({ item }: { item: PublicItem }) {
  const parts = [
    item.capturedAt ? formatCaptureTime(Date.parse(item.capturedAt)) : null,
    item.placeLabel,
    item.contributorName ? `by ${item.contributorName}` : null,
  ];
  return <p className="caption">{parts.filter(Boolean).join(' · ')}</p>;
}

/**
 * One item at full size with previous/next (← →, or a swipe on a touch screen), close (Esc) and, when the owner
 * allows it, download.
 */
export function Lightbox({ items, index, setIndex, close, allowDownload, record, heal, feedback }: OverlayProps) {
  const item = items[index];
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const step = (d: number) => setIndex((index + d + items.length) % items.length);
  const swipe = useSwipe(step);
  useKeys([
    ['ArrowLeft', () => step(-1)],
    ['ArrowRight', () => step(1)],
    ['Escape', close],
  ]);
  useEffect(() => {
    if (item) record(item.id, 'viewed');
    setDownloadError(null);
  }, [item, record]);
  if (!item) return null;
  const download = async () => {
    try {
      await downloadItem(item, index, heal.relayUrlOf);
      record(item.id, 'downloaded');
    } catch (err) {
      setDownloadError(messageOf(err));
    }
  };
  const main = (
    <>
      <div
        className="swipe-area"
        data-testid="swipe-area"
        {...swipe.handlers}
        style={swipe.offset ? { transform: `translateX(${swipe.offset}px)` } : undefined}
      >
        <MediaView item={item} heal={heal} />
      </div>
      <div className="overlay-bar">
        <button type="button" onClick={() => step(-1)} aria-label="Previous">
          ←
        </button>
        <span className="counter">
          {index + 1} / {items.length}
        </span>
        <button type="button" onClick={() => step(1)} aria-label="Next">
          →
        </button>
        {allowDownload && (
          <button type="button" onClick={download}>
            Download
          </button>
        )}
        <button type="button" onClick={close} aria-label="Close">
          ✕
        </button>
      </div>
      <Caption item={item} />
      {downloadError && (
        <p className="error" role="alert">
          {downloadError}
        </p>
      )}
    </>
  );
  return (
    <div
      className={feedback ? 'overlay with-panel' : 'overlay'}
      role="dialog"
      aria-label="Photo viewer"
      data-testid="lightbox"
      ref={focusOnMount}
      tabIndex={-1}
    >
      {feedback ? <div className="overlay-main">{main}</div> : main}
      {feedback && <FeedbackPanel itemId={item.id} feedback={feedback} />}
    </div>
  );
}
