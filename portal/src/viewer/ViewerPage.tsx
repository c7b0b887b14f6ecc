import type { ShareDownloads } from '@hypomos/shared/sharing/download-sizes';
import type { PublicItem } from '@hypomos/shared/api/public';
import type { StatKind } from '@hypomos/shared/api/shares';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure } from '../api/client';
import { availableFor } from './countdown';
import { DownloadAll } from './DownloadAll';
import type { FeedbackControl } from './feedback/useFeedback';
import { Gallery, type PickControl } from './Gallery';
import { Lightbox } from './Lightbox';
import { Slideshow } from './Slideshow';
import type { ViewerSource } from './source';
import { StatusPage } from './StatusPage';
import { statsQueue } from './stats-queue';
import { useItems } from './useItems';

/** Answers that end viewing (passcode lapsed, gone, unknown, slow down) get a full page instead of a partial grid. */
const isFinal = (error: unknown): error is ApiFailure =>
  error instanceof ApiFailure && [401, 404, 410, 429].includes(error.status);

export interface ViewerProps {
  source: ViewerSource;
  title: string;
  subtitle?: ReactNode;
  /** Shown as a banner: "This gallery expires on …". */
  expiresAt: string | null;
  allowDownload: boolean;
  /** What the owner lets guests download (web size, original); without it `allowDownload` means originals. */
  downloads?: ShareDownloads;
  /** The owner lets the portal stream what the provider does not serve to this page. */
  relayAllowed?: boolean;
  offerZip: boolean;
  noun: 'gallery' | 'event' | 'share';
  /** Shown under the header, e.g. a signed-in guest's own contribution. */
  notice?: ReactNode;
  /** Proofing: hearts on the tiles, and which items to show (e.g. only the client's favourites). */
  picks?: PickControl;
  itemFilter?: (item: PublicItem) => boolean;
  /** Comments and reactions, when the link's owner turned them on. */
  feedback?: FeedbackControl;
}

/** The public viewer around one source: header, expiry banner, justified grid, lightbox and slideshow. */
export function ViewerPage({
  source,
  title,
  subtitle,
  expiresAt,
  allowDownload,
  downloads,
  relayAllowed,
  offerZip,
  noun,
  notice,
  picks,
  itemFilter,
  feedback,
}: ViewerProps) {
  const { items: all, done, error, heal } = useItems(source);
  const items = useMemo(() => (itemFilter ? all.filter(itemFilter) : all), [all, itemFilter]);
  const [open, setOpen] = useState<{ mode: 'lightbox' | 'slideshow'; index: number } | null>(null);
  const queue = useMemo(() => statsQueue((events) => source.recordStats(events)), [source]);
  const record = useCallback((itemId: string, kind: StatKind) => queue.record(itemId, kind), [queue]);
  useEffect(() => {
    const onHide = () => document.visibilityState === 'hidden' && queue.flush();
    addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('visibilitychange', onHide);
      queue.flush();
    };
  }, [queue]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const expired = expiresAt !== null && Date.parse(expiresAt) <= now;
  const countdown = expiresAt === null ? null : availableFor(Date.parse(expiresAt), now);

  if (isFinal(error)) return <StatusPage failure={error} />;
  if (expired) return <StatusPage failure={new ApiFailure(410, 'expired', 'This link has expired.')} />;
  const setIndex = (index: number) => setOpen((o) => (o ? { ...o, index } : o));
  const overlay = open && {
    items,
    index: Math.min(open.index, items.length - 1),
    setIndex,
    close: () => setOpen(null),
    allowDownload,
    downloads,
    relayAllowed,
    record,
    heal,
  };
  return (
    <main className="viewer">
      <header className="viewer-head">
        <div>
          <h1 data-testid="viewer-title">{title}</h1>
          {subtitle}
          <p className="muted" data-testid="item-count">
            {items.length} {items.length === 1 ? 'item' : 'items'}
            {done ? '' : ' (loading…)'}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => setOpen({ mode: 'slideshow', index: 0 })} disabled={items.length === 0}>
            Slideshow
          </button>
          {/* The ZIP holds originals: offered only where they may be downloaded. */}
          {offerZip && (downloads ?? (allowDownload ? 'original' : 'none')) === 'original' && (
            <DownloadAll items={items} title={title} record={record} disabled={!done} relayUrlOf={heal.relayUrlOf} />
          )}
        </div>
      </header>
      {expiresAt && (
        <p className="banner" role="status" data-testid="expiry-banner">
          This {noun} expires on{' '}
          {new Date(expiresAt).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' })}
          {countdown ? ` · ${countdown}` : ''}.
        </p>
      )}
      {notice}
      {error && !isFinal(error) && (
        <p className="error" role="alert">
          Some items could not be loaded: {error.message}
        </p>
      )}
      {done && items.length === 0 && (
        <p className="muted">{all.length > 0 ? 'None of the items match.' : 'Nothing to show yet.'}</p>
      )}
      <Gallery
        items={items}
        onOpen={(index) => setOpen({ mode: 'lightbox', index })}
        heal={heal}
        picks={picks}
        feedback={feedback}
      />
      {overlay && open.mode === 'lightbox' && <Lightbox {...overlay} feedback={feedback} />}
      {overlay && open.mode === 'slideshow' && <Slideshow {...overlay} />}
    </main>
  );
}
