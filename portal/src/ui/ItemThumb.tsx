import type { ItemPreview } from '@hypomos/shared/api/preview';
import { type ReactNode, useState } from 'react';

const duration = (sec: number) => {
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

// Capture times are wall-clock times at the place, written in UTC form (index/capture-date.ts): format them in UTC.
const taken = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** An item in words: "Photo · 1 Jul 2024, 14:05 · Florence, Italy" (the capture time as taken, never raw ISO). */
export function itemTitle(p: Pick<ItemPreview, 'mediaType' | 'capturedAt' | 'placeLabel'>): string {
  return [
    p.mediaType === 'video' ? 'Video' : 'Photo',
    p.capturedAt ? taken.format(Date.parse(p.capturedAt)) : 'date unknown',
    p.placeLabel,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The picture a guest's grid would show, tried in order; when none loads (or a video has none), a placeholder with
 * the kind, so the row still reads as an item, never as an id.
 */
/** `size` null: the stylesheet sizes it (the approval cards). */
export function ItemThumb({ preview, size = 56 }: { preview: ItemPreview; size?: number | null }) {
  const [attempt, setAttempt] = useState(0);
  const src = preview.thumbnails[attempt];
  return (
    <span
      className="thumb"
      style={size === null ? undefined : { width: size, height: size }}
      data-kind={preview.mediaType}
    >
      {src ? (
        <img
          src={src}
          alt=""
          loading="lazy"
          referrerPolicy={preview.referrer}
          onError={() => setAttempt(attempt + 1)}
        />
      ) : (
        // The glyph comes from the stylesheet, so the row's text stays the item's title.
        <span className="thumb-none" aria-hidden="true" />
      )}
      {preview.mediaType === 'video' && src && (
        <span className="thumb-badge">▶{preview.durationSec ? ` ${duration(preview.durationSec)}` : ''}</span>
      )}
    </span>
  );
}

/** A thumbnail beside its title and a line of detail: how every owner list names an item. */
export function ItemLabel({ preview, detail }: { preview: ItemPreview; detail?: ReactNode }) {
  return (
    <span className="item-label">
      <ItemThumb preview={preview} />
      <span className="item-words">
        <span className="item-title">{itemTitle(preview)}</span>
        {detail && <span className="item-detail">{detail}</span>}
      </span>
    </span>
  );
}
