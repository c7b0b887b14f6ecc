import { describe, expect, it } from 'vitest';
import { extractMetadata } from './extract';
import { corpusFile, memoryReader } from './test-readers';

/** immich-test-assets name the expected behaviour in their paths; these are those expectations. */
const read = (path: string) =>
  extractMetadata(memoryReader(corpusFile(`immich-test-assets/metadata/${path}`)), {
    name: path.split('/').pop() ?? path,
  });

// Generous limits: the first GPS hit loads the 17 MB place data, slow on a busy shared machine.
describe('immich test assets: time precedence, GPS and orientation', { timeout: 120_000 }, () => {
  it('date-priority-test: EXIF DateTimeOriginal beats CreateDate, XMP, IPTC and GPS dates', async () => {
    expect(await read('dates/date-priority-test.jpg')).toMatchObject({
      takenAtLocal: '2023-02-02T02:00:00',
      timeSource: 'exif',
      takenAtUtc: null,
    });
  });

  it('datetimeoriginal-gps: the local time is placed in the zone of the GPS position', async () => {
    expect(await read('dates/datetimeoriginal-gps.jpg')).toMatchObject({
      takenAtLocal: '2025-12-01T11:30:00',
      takenAtUtc: '2025-12-01T18:30:00Z',
      timeZone: 'America/Denver',
      lat: 39,
      lon: -108,
    });
  });

  it('gps-datetime: with no camera time, the GPS fix time (UTC) is used and shown in the local zone', async () => {
    expect(await read('dates/gps-datetime.jpg')).toMatchObject({
      takenAtUtc: '2023-11-15T12:30:00Z',
      takenAtLocal: '2023-11-15T04:30:00',
      timeZone: 'America/Los_Angeles',
      timeSource: 'xmp',
    });
  });

  it('time-created: an IPTC time without a date is no capture time', async () => {
    expect(await read('dates/time-created.jpg')).toMatchObject({ takenAtLocal: null, takenAtUtc: null, error: null });
  });

  it('empty_gps: empty GPS tags give no position', async () => {
    expect(await read('gps-position/empty_gps.jpg')).toMatchObject({
      lat: null,
      lon: null,
      place: null,
      takenAtLocal: '2025-06-01T16:59:26.023',
    });
  });

  it('orientation 6 is reported as stored, with the stored pixel size', async () => {
    const m = await read('faces/portrait-orientation-6.jpg');
    const plain = await read('faces/portrait.jpg');
    expect(m.orientation).toBe(6);
    expect(plain.orientation).toBeNull();
    expect(m.width).toBeGreaterThan(0);
  });
});
