import type { QueueEntry, VisibleVersion } from '@hypomos/shared/api/events';

const LABELS: Record<keyof VisibleVersion, string> = {
  mediaType: 'Type',
  mimeType: 'File type',
  capturedAt: 'Taken',
  width: 'Width',
  height: 'Height',
  durationSec: 'Duration',
  blurhash: 'Preview',
  placeLabel: 'Place',
  originalUrl: 'Photo link',
  thumbnailUrl: 'Thumbnail link',
  contentHash: 'File contents',
};

const hostOf = (url: string | null) => {
  if (!url) return 'none';
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
};

/** A value as the organizer can judge it: links by host (a new host is the warning sign), the rest as text. */
function shown(key: keyof VisibleVersion, value: string | number | null): string {
  if (key === 'originalUrl' || key === 'thumbnailUrl') return hostOf(value as string | null);
  if (key === 'contentHash') return value ? 'recorded' : 'none';
  if (key === 'blurhash') return value ? 'set' : 'none';
  return value === null ? 'none' : String(value);
}

function Preview({
  v,
  caption,
}: {
  v: Pick<VisibleVersion, 'thumbnailUrl' | 'originalUrl' | 'mediaType'>;
  caption: string;
}) {
  return (
    <figure className="version">
      {v.thumbnailUrl || v.mediaType === 'image' ? (
        <img src={v.thumbnailUrl ?? v.originalUrl} alt={caption} loading="lazy" />
      ) : (
        <span className="version-video">▶ video</span>
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/**
 * An item the contributor changed after it was approved: the approved version and the current one side by side,
 * with the fields that differ, so the organizer decides again on what viewers would see.
 */
export function ChangedSinceApproval({ entry }: { entry: QueueEntry }) {
  const before = entry.approved;
  if (!before) return null;
  // A link refresh (the hot/cold move) changes only links and keeps the reported file hash. The hash comes from the
  // contributor's device, so it is a hint for the organizer, never a reason to skip them.
  const linksOnly =
    before.contentHash !== null && entry.changes.every((c) => c.field === 'originalUrl' || c.field === 'thumbnailUrl');
  return (
    <div className="changed" data-testid="changed-since-approval">
      <strong className="changed-badge">Changed since approval</strong>
      <div className="versions">
        <Preview v={before} caption="Approved" />
        <span aria-hidden="true">→</span>
        <Preview v={entry} caption="Now" />
      </div>
      <ul className="changed-fields">
        {entry.changes.map((c) => (
          <li key={c.field} data-field={c.field}>
            {LABELS[c.field]}: <del>{shown(c.field, c.approved)}</del> → <ins>{shown(c.field, c.now)}</ins>
          </li>
        ))}
      </ul>
      {linksOnly && (
        <p className="muted">
          Only its links changed and the contributor reports the same file: check the pictures match.
        </p>
      )}
    </div>
  );
}
