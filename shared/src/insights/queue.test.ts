import { describe, expect, it } from 'vitest';
import { processingSummary, reasonClass } from './queue';

describe('processingSummary', () => {
  it('groups failure reasons, most frequent first, with a few example paths', () => {
    const failures = [
      ...Array.from({ length: 5 }, (_, n) => ({
        reason: `Not a media file: 'scan ${n}.pdf' (12${n} bytes)`,
        path: `Docs/scan ${n}.pdf`,
      })),
      {
        reason: 'fetch failed: https://graph.microsoft.com/v1.0/me/drive/items/ABCDEF0123456789!12',
        path: 'a.jpg',
        transient: true,
      },
      {
        reason: 'fetch failed: https://graph.microsoft.com/v1.0/me/drive/items/0123456789ABCDEF!99',
        path: 'b.jpg',
        transient: true,
      },
    ];
    const s = processingSummary({
      indexed: 1200,
      waiting: 30,
      failures,
      vision: { queued: 100, running: 2, done: 898, failed: 0, paused: true },
    });
    expect(s.failed).toBe(7);
    expect(s.reasons).toEqual([
      {
        reason: 'Not a media file: “…” (N bytes)',
        count: 5,
        retried: false,
        examples: ['Docs/scan 0.pdf', 'Docs/scan 1.pdf', 'Docs/scan 2.pdf'],
      },
      { reason: 'fetch failed: <url>', count: 2, retried: true, examples: ['a.jpg', 'b.jpg'] },
    ]);
    expect(s.vision).toEqual({ done: 898, waiting: 102, failed: 0, paused: true, share: 0.898 });
  });

  it('an empty library has nothing to show, not NaN', () => {
    const s = processingSummary({
      indexed: 0,
      waiting: 0,
      failures: [],
      vision: { queued: 0, running: 0, done: 0, failed: 0, paused: false },
    });
    expect(s).toMatchObject({ failed: 0, reasons: [], vision: { share: 0 } });
  });

  it('keeps a reason readable when nothing varies', () => {
    expect(reasonClass('  The file is encrypted\n')).toBe('The file is encrypted');
    expect(reasonClass('')).toBe('Unknown');
  });
});
