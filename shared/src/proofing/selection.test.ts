import { describe, expect, it } from 'vitest';
import { type ExportRow, exportSelection, isLocked, pickCountLabel, refuseNewPick } from './selection';

const T = Date.parse('2026-06-01T12:00:00Z');
const open = { enabled: true, limit: 2, deadline: T + 1000 };

describe('proofing rules', () => {
  it('locks at the deadline, not a millisecond before', () => {
    expect(isLocked(open, T + 999)).toBe(false);
    expect(isLocked(open, T + 1000)).toBe(true);
    expect(isLocked({ deadline: null }, T * 2)).toBe(false);
  });

  it('refuses a pick past the limit, after the deadline, or with proofing off', () => {
    expect(refuseNewPick(open, 1, T)).toBeNull();
    expect(refuseNewPick(open, 2, T)).toBe('limit_reached');
    expect(refuseNewPick(open, 0, T + 1000)).toBe('selection_locked');
    expect(refuseNewPick({ ...open, enabled: false }, 0, T)).toBe('proofing_off');
    expect(refuseNewPick({ ...open, limit: null }, 9999, T)).toBeNull();
  });

  it('counts with or without a limit', () => {
    expect(pickCountLabel(3, 20)).toBe('3 of 20 chosen');
    expect(pickCountLabel(3, null)).toBe('3 chosen');
  });
});

describe('exportSelection', () => {
  const rows: ExportRow[] = [
    { client: 'Anna', fileName: 'DSC_0010.NEF', sourceItemId: 'a', pickedAt: T },
    { client: 'Anna', fileName: 'DSC_0002.jpg', sourceItemId: 'b', pickedAt: T },
    { client: 'Ben', fileName: 'DSC_0010.NEF', sourceItemId: 'a', pickedAt: T + 60_000 },
    { client: 'Ben', fileName: null, sourceItemId: '01ABCDEF', pickedAt: T },
  ];

  it('txt lists each file once, in natural order, falling back to the provider id', () => {
    expect(exportSelection(rows, 'txt')).toBe('01ABCDEF\nDSC_0002.jpg\nDSC_0010.NEF\n');
    expect(exportSelection([], 'txt')).toBe('');
  });

  it('lightroom drops the extensions and joins with commas', () => {
    expect(exportSelection(rows, 'lightroom')).toBe('01ABCDEF, DSC_0002, DSC_0010\n');
  });

  it('csv keeps one row per client and pick, and never lets a hostile name run as a formula', () => {
    const hostile: ExportRow[] = [
      { client: '=HYPERLINK("http://evil.test","x")', fileName: '+cmd.jpg', sourceItemId: 'x', pickedAt: T },
      { client: 'Smith, "Jo"', fileName: '@sum.jpg', sourceItemId: 'y', pickedAt: T },
    ];
    expect(exportSelection(hostile, 'csv')).toBe(
      'client,file,picked_at\r\n' +
        `"'=HYPERLINK(""http://evil.test"",""x"")",'+cmd.jpg,2026-06-01T12:00:00.000Z\r\n` +
        `"Smith, ""Jo""",'@sum.jpg,2026-06-01T12:00:00.000Z\r\n`,
    );
  });
});
