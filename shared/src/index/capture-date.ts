import { parseDateString } from '../metadata/time-parse';
import { parseLocalIso, wallMs } from '../metadata/zoned-time';

/**
 * The one capture-time rule of Hypomos: an item's `takenAt` is the wall-clock time **where the photo was
 * taken**, written as epoch ms read in UTC ("floating" time, like Immich's `localDateTime`). The timeline's
 * order and month groups, date filters (`after:`), the map, collections, "on this day", the lightbox and the
 * shared viewer all read it the same way, so a photo taken at 23:30 in Los Angeles is on that day
 * everywhere. The true instant, when known, stays in `takenAtUtc`.
 *
 * Precedence: the local time the metadata gives (EXIF, XMP, QuickTime with GPS zone…), else the instant it
 * gives without a zone (e.g. a file time), else the provider's capture time, else the file's creation time.
 */
export function captureMs(
  metadata: { takenAtLocal: string | null; takenAtUtc: string | null },
  provider: { takenAt: string | null; createdAt: number | null; modifiedAt: number },
): number {
  const local = metadata.takenAtLocal ? parseLocalIso(metadata.takenAtLocal) : null;
  if (local) return wallMs(local);
  const instant = metadata.takenAtUtc ? Date.parse(metadata.takenAtUtc) : Number.NaN;
  if (Number.isFinite(instant)) return instant;
  // A provider's capture time is read as the wall clock it shows (Graph takenDateTime, Drive's EXIF time).
  const stamp = provider.takenAt ? parseDateString(provider.takenAt) : null;
  if (stamp) return wallMs(stamp.local);
  return provider.createdAt ?? provider.modifiedAt;
}

/** `YYYY-MM` of a capture time: the timeline's month group. */
export const captureMonthKey = (takenAt: number) => new Date(takenAt).toISOString().slice(0, 7);

/** `YYYY-MM-DD` of a capture time: the day date filters compare with. */
export const captureDayKey = (takenAt: number) => new Date(takenAt).toISOString().slice(0, 10);

/** "Aug 2012": a month group's label, in the reader's language. */
export function formatCaptureMonth(takenAt: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(takenAt);
}

/** "Sunday, 5 August 2012 at 11:39": a capture time as readable text, never ISO. */
export function formatCaptureTime(takenAt: number, opts: { time?: boolean; locale?: string } = {}): string {
  return new Intl.DateTimeFormat(opts.locale, {
    dateStyle: 'full',
    ...(opts.time === false ? {} : { timeStyle: 'short' }),
    timeZone: 'UTC',
  }).format(takenAt);
}
