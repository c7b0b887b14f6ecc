import { describe, expect, it } from 'vitest';
import { resolveCaptureTime } from '../metadata/capture-time';
import { captureDayKey, captureMonthKey, captureMs, formatCaptureMonth, formatCaptureTime } from './capture-date';

const uploaded = { takenAt: null, createdAt: Date.UTC(2026, 11, 1, 9), modifiedAt: Date.UTC(2026, 11, 1, 9) };

describe('captureMs: one capture-time rule', () => {
  it('an EXIF time without offset or GPS is the capture time, not the upload date (Blob has no provider time)', () => {
    // el_torcal_rocks.jpg: DateTimeOriginal 2012:08:05 11:39:59, no offset, no GPS.
    const metadata = resolveCaptureTime({ exif: { dateTimeOriginal: '2012:08:05 11:39:59' } });
    expect(metadata.takenAtUtc).toBeNull();
    const ms = captureMs(metadata, uploaded);
    expect(captureMonthKey(ms)).toBe('2012-08');
    expect(ms).toBe(Date.UTC(2012, 7, 5, 11, 39, 59));
  });

  it('the day is the day where the photo was taken, even when UTC is already the next day', () => {
    // 23:30 in Los Angeles is 06:30 UTC the next day; the photo belongs to the 14th.
    const metadata = resolveCaptureTime({
      exif: { dateTimeOriginal: '2024:03:14 23:30:00', offsetTimeOriginal: '-07:00' },
      gps: { lat: 34.05, lon: -118.24 },
    });
    expect(metadata.takenAtUtc).toBe('2024-03-15T06:30:00Z');
    expect(captureDayKey(captureMs(metadata, uploaded))).toBe('2024-03-14');
  });

  it('an instant without a zone (a QuickTime UTC time) stays that instant', () => {
    const metadata = resolveCaptureTime({ quicktime: { createdUtc: '2019-07-24T08:25:40Z' } });
    expect(captureMs(metadata, uploaded)).toBe(Date.UTC(2019, 6, 24, 8, 25, 40));
  });

  it("without file metadata, the provider's capture time is read as the wall clock it shows", () => {
    const none = { takenAtLocal: null, takenAtUtc: null };
    expect(captureMs(none, { ...uploaded, takenAt: '2011-03-12T15:36:11' })).toBe(Date.UTC(2011, 2, 12, 15, 36, 11));
    expect(captureMs(none, { ...uploaded, takenAt: '2011-03-12T15:36:11+09:00' })).toBe(
      Date.UTC(2011, 2, 12, 15, 36, 11),
    );
  });

  it('with nothing else, the file was made when it was created', () => {
    expect(captureMs({ takenAtLocal: null, takenAtUtc: null }, uploaded)).toBe(uploaded.createdAt);
  });
});

describe('capture dates as text', () => {
  const ms = Date.UTC(2012, 7, 5, 23, 39, 59);
  it('shows the wall clock of the place whatever zone the reader is in', () => {
    expect(formatCaptureTime(ms, { locale: 'en-GB' })).toBe('Sunday, 5 August 2012 at 23:39');
    expect(formatCaptureTime(ms, { locale: 'en-GB', time: false })).toBe('Sunday, 5 August 2012');
    expect(formatCaptureMonth(ms, 'en-US')).toBe('Aug 2012');
  });
});
