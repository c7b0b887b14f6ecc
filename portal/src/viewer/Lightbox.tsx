import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { PublicItem } from '@hypomos/shared/api/public';
import type { StatKind } from '@hypomos/shared/api/shares';
import type { ShareDownloads } from '@hypomos/shared/sharing/download-sizes';
import { useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import { FeedbackPanel } from './feedback/FeedbackPanel';
import type { FeedbackControl } from './feedback/useFeedback';
import { downloadOptions } from './download-options';
import { downloadItem, downloadWebSize } from './files';
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
  /** What the owner lets guests download; without it, `allowDownload` means originals (older portals). */
  downloads?: ShareDownloads;
  /** The share lets the portal stream what the provider does not serve to this page (the web size included). */
  relayAllowed?: boolean;
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
export function Lightbox({
  items,
  index,
  setIndex,
  close,
  allowDownload,
  downloads,
  relayAllowed = false,
  record,
  heal,
  feedback,
}: OverlayProps) {
  const item = items[index];
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const allowed = downloads ?? (allowDownload ? 'original' : 'none');
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
    setNotice(null);
    setMenuOpen(false);
  }, [item, record]);
  if (!item) return null;
  const download = async () => {
    setMenuOpen(false);
    try {
      await downloadItem(item, index, heal.relayUrlOf);
      record(item.id, 'downloaded');
    } catch (err) {
      setDownloadError(messageOf(err));
    }
  };
  const downloadWeb = async () => {
    setMenuOpen(false);
    try {
      const via = await downloadWebSize(item, index, heal.relayUrlOf, relayAllowed);
      if (via === 'opened') setNotice("Opened from the owner's storage in a new tab: save it from there.");
      record(item.id, 'downloaded');
    } catch (err) {
      setDownloadError(messageOf(err));
    }
  };
  const options = downloadOptions(item, allowed);
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
        {options.length === 1 && (
          <button
            type="button"
            onClick={options[0]!.kind === 'web' ? downloadWeb : download}
            data-testid={`download-${options[0]!.kind}`}
          >
            {options[0]!.label} <span className="download-size">{options[0]!.size}</span>
          </button>
        )}
        {options.length > 1 && (
          <div className="download-menu">
            <button
              type="button"
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(!menuOpen)}
              data-testid="download-menu"
            >
              Download ▾
            </button>
            {menuOpen && (
              <div role="menu" className="download-options">
                {options.map((o) => (
                  <button
                    type="button"
                    role="menuitem"
                    key={o.kind}
                    onClick={o.kind === 'web' ? downloadWeb : download}
                    data-testid={`download-${o.kind}`}
                  >
                    <span>{o.label}</span>
                    <span className="download-size">{o.size}</span>
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
        <button type="button" onClick={close} aria-label="Close">
          ✕
        </button>
      </div>
      <Caption item={item} />
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
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
