import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERN, destinationFolder, FolderPattern } from './destination';

const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('destinationFolder', () => {
  it('puts a photo under its capture day by default', () => {
    expect(destinationFolder(DEFAULT_PATTERN, wall('2018-07-25T23:34:23'), wall('2024-01-01T00:00:00'))).toEqual({
      folder: 'Pictures/2018/2018-07-25',
      dateFrom: 'capture',
    });
  });

  it('falls back to the file date, and says so, when there is no capture time', () => {
    expect(destinationFolder(DEFAULT_PATTERN, null, wall('2024-02-29T10:00:00'))).toEqual({
      folder: 'Pictures/2024/2024-02-29',
      dateFrom: 'file-date',
    });
  });

  it('knows month, hour and minute tokens and drops empty segments', () => {
    const at = wall('2021-03-04T05:06:07');
    expect(destinationFolder('Camera//{yyyy-MM}/{HH.mm}/', at, 0).folder).toBe('Camera/2021-03/05.06');
  });
});

describe('FolderPattern', () => {
  it('accepts the default and refuses paths that climb out or unknown tokens', () => {
    expect(FolderPattern.safeParse(DEFAULT_PATTERN).success).toBe(true);
    expect(FolderPattern.safeParse('/Pictures').success).toBe(false);
    expect(FolderPattern.safeParse('Pictures/../x').success).toBe(false);
    expect(FolderPattern.safeParse('Pictures/{yyyy}/{camera}').success).toBe(false);
    expect(FolderPattern.safeParse('').success).toBe(false);
  });
});
