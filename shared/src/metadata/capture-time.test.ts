import { describe, expect, it } from 'vitest';
import { inferZoneFromNeighbours, resolveCaptureTime, zoneAt } from './capture-time';
import { parseFileNameTime } from './time-parse';
import { localToUtc, parseLocalIso } from './zoned-time';

const NYC = { lat: 40.7128, lon: -74.006 };
const TOKYO = { lat: 35.6762, lon: 139.6503 };

describe('resolveCaptureTime precedence', () => {
  it('uses EXIF DateTimeOriginal with its offset and sub-seconds, zone from GPS', () => {
    const t = resolveCaptureTime({
      exif: { dateTimeOriginal: '2023:10:06 22:53:51', offsetTimeOriginal: '+02:00', subSecTimeOriginal: '724' },
      xmp: { createDate: '2020-01-01T00:00:00' },
      gps: { lat: 40.4, lon: -3.71 },
    });
    expect(t).toEqual({
      takenAtLocal: '2023-10-06T22:53:51.724',
      takenAtUtc: '2023-10-06T20:53:51.724Z',
      timeZone: 'Europe/Madrid',
      timeSource: 'exif',
    });
  });

  it('reads a bare EXIF time in the GPS zone, honouring summer time', () => {
    const t = resolveCaptureTime({ exif: { dateTimeOriginal: '2021:07:04 12:00:00' }, gps: NYC });
    expect(t.takenAtUtc).toBe('2021-07-04T16:00:00Z');
    expect(resolveCaptureTime({ exif: { dateTimeOriginal: '2021:01:04 12:00:00' }, gps: NYC }).takenAtUtc).toBe(
      '2021-01-04T17:00:00Z',
    );
  });

  it('keeps the local time but claims no UTC and no zone when nothing tells the zone', () => {
    expect(resolveCaptureTime({ exif: { dateTimeOriginal: '2018:07:25 16:34:23' } })).toEqual({
      takenAtLocal: '2018-07-25T16:34:23',
      takenAtUtc: null,
      timeZone: null,
      timeSource: 'exif',
    });
  });

  it('skips zeroed EXIF dates and falls to XMP, then QuickTime, file name and provider', () => {
    const base = {
      exif: { dateTimeOriginal: '0000:00:00 00:00:00' },
      fileName: 'IMG_20180725_163423.jpg',
      providerModifiedAt: Date.UTC(2024, 0, 1),
    };
    expect(resolveCaptureTime({ ...base, xmp: { dateCreated: '2019-05-18T15:30:22+02:00' } })).toMatchObject({
      takenAtLocal: '2019-05-18T15:30:22',
      takenAtUtc: '2019-05-18T13:30:22Z',
      timeSource: 'xmp',
    });
    expect(resolveCaptureTime({ ...base, quicktime: { createdUtc: '2019-07-24T08:25:57Z' } })).toMatchObject({
      takenAtLocal: null,
      takenAtUtc: '2019-07-24T08:25:57Z',
      timeSource: 'quicktime',
    });
    expect(resolveCaptureTime(base)).toMatchObject({ takenAtLocal: '2018-07-25T16:34:23', timeSource: 'filename' });
    expect(resolveCaptureTime({ providerModifiedAt: Date.UTC(2024, 0, 1) })).toMatchObject({
      takenAtUtc: '2024-01-01T00:00:00Z',
      timeSource: 'provider',
    });
  });

  it('prefers the Apple creationdate (local with offset) over the mvhd UTC time, and converts UTC to local with GPS', () => {
    const t = resolveCaptureTime({
      quicktime: { appleCreationDate: '2019-07-24T11:25:40+0300', createdUtc: '2019-07-24T08:25:57Z' },
      gps: { lat: 32.0929, lon: 34.862 },
    });
    expect(t).toEqual({
      takenAtLocal: '2019-07-24T11:25:40',
      takenAtUtc: '2019-07-24T08:25:40Z',
      timeZone: 'Asia/Jerusalem',
      timeSource: 'quicktime',
    });
    expect(resolveCaptureTime({ quicktime: { createdUtc: '2020-01-05T11:19:45Z' }, gps: TOKYO }).takenAtLocal).toBe(
      '2020-01-05T20:19:45',
    );
  });

  it('completes a date-only XMP value with the IPTC time and offset', () => {
    const iptc = new Uint8Array([
      0x1c,
      2,
      55,
      0,
      8,
      ...Buffer.from('20061029'),
      0x1c,
      2,
      60,
      0,
      11,
      ...Buffer.from('062751-0500'),
    ]);
    expect(resolveCaptureTime({ xmp: { dateCreated: '2006-10-29' }, iptc })).toMatchObject({
      takenAtLocal: '2006-10-29T06:27:51',
      takenAtUtc: '2006-10-29T11:27:51Z',
      timeSource: 'xmp',
    });
  });
});

describe('local time to UTC across daylight-saving changes', () => {
  const at = (s: string) => new Date(localToUtc(parseLocalIso(s)!, 'America/New_York')).toISOString();
  it('moves a time inside the spring-forward gap forward by the gap', () => {
    expect(at('2021-03-14T02:30:00')).toBe('2021-03-14T07:30:00.000Z');
  });
  it('takes the earlier instant for a time repeated in the autumn', () => {
    expect(at('2021-11-07T01:30:00')).toBe('2021-11-07T05:30:00.000Z');
  });
  it('handles half-hour and southern-hemisphere zones', () => {
    expect(new Date(localToUtc(parseLocalIso('2022-01-15T12:00:00')!, 'Australia/Adelaide')).toISOString()).toBe(
      '2022-01-15T01:30:00.000Z',
    );
  });
});

describe('file-name times', () => {
  it.each([
    ['IMG_20180725_163423.jpg', '2018-07-25T16:34:23'],
    ['PXL_20210101_123456789.jpg', '2021-01-01T12:34:56.789'],
    ['20180725_163423.mp4', '2018-07-25T16:34:23'],
    ['VID_20200229_235959.mp4', '2020-02-29T23:59:59'],
    ['Screenshot_2019-01-02-03-04-05.png', '2019-01-02T03:04:05'],
    ['WhatsApp Image 2019-01-02 at 03.04.05.jpeg', '2019-01-02T03:04:05'],
    ['Screenshot 2019-01-02 at 13.04.05.png', '2019-01-02T13:04:05'],
    ['2019-01-02 03.04.05.jpg', '2019-01-02T03:04:05'],
  ])('%s', (name, local) => {
    const s = parseFileNameTime(name)!;
    const iso = `${s.local.year}-${String(s.local.month).padStart(2, '0')}-${String(s.local.day).padStart(2, '0')}T${[s.local.hour, s.local.minute, s.local.second].map((n) => String(n).padStart(2, '0')).join(':')}`;
    expect(s.local.millisecond ? `${iso}.${s.local.millisecond}` : iso).toBe(local);
  });
  it.each(['DSC01234.JPG', 'IMG_9999.HEIC', 'a1b2c3d4e5f6_20181399_250000.jpg', 'photo 123456789012345.jpg'])(
    'ignores %s',
    (name) => {
      expect(parseFileNameTime(name)).toBeNull();
    },
  );
});

describe('inferZoneFromNeighbours', () => {
  const item = (local: string | null, utc: string | null, zone: string | null, model = 'X100V') => ({
    takenAtLocal: local,
    takenAtUtc: utc,
    timeZone: zone,
    make: 'FUJIFILM',
    model,
  });

  it('takes the zone of the nearest-in-time photo of the same camera and computes UTC', () => {
    const out = inferZoneFromNeighbours([
      item('2022-07-01T10:00:00', '2022-07-01T08:00:00Z', 'Europe/Paris'),
      item('2022-07-05T10:00:00', '2022-07-05T01:00:00Z', 'Asia/Tokyo'),
      item('2022-07-04T18:00:00', null, null),
      item('2022-07-04T18:00:00', null, null, 'X-T4'),
    ]);
    expect(out[2]).toMatchObject({ timeZone: 'Asia/Tokyo', takenAtUtc: '2022-07-04T09:00:00Z' });
    expect(out[3]).toMatchObject({ timeZone: null, takenAtUtc: null });
  });

  it('fills the local time of a UTC-only video, and accepts a zone for a stated offset only when it agrees', () => {
    const out = inferZoneFromNeighbours([
      item('2022-07-01T10:00:00', '2022-07-01T08:00:00Z', 'Europe/Paris'),
      item(null, '2022-07-01T12:00:00Z', null),
      item('2022-07-01T13:00:00', '2022-07-01T11:00:00Z', null),
      item('2022-07-01T13:00:00', '2022-07-01T12:00:00Z', null),
    ]);
    expect(out[1]).toMatchObject({ takenAtLocal: '2022-07-01T14:00:00', timeZone: 'Europe/Paris' });
    expect(out[2]?.timeZone).toBe('Europe/Paris');
    expect(out[3]?.timeZone).toBeNull();
  });

  it('leaves items alone when no photo of that camera has a zone', () => {
    const items = [item('2022-07-01T10:00:00', null, null)];
    expect(inferZoneFromNeighbours(items)).toEqual(items);
  });
});

describe('zoneAt', () => {
  it('finds zones from offline boundaries and rejects impossible positions', () => {
    expect(zoneAt(NYC.lat, NYC.lon)).toBe('America/New_York');
    expect(zoneAt(-33.8688, 151.2093)).toBe('Australia/Sydney');
    expect(zoneAt(95, 0)).toBeNull();
  });
});
