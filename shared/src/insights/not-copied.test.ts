import { describe, expect, it } from 'vitest';
import { generatedLibrary } from './generated-library';
import { bytesNotCopied } from './not-copied';

describe('bytesNotCopied', () => {
  const items = generatedLibrary({ sources: [{ id: 'od', name: 'OneDrive', kind: 'onedrive' }], perSource: 50 });
  const size = new Map(items.map((i) => [i.key as string, i.bytes]));

  it('is each viewed item’s size times its viewers, summed over shares', () => {
    const shared = items.slice(0, 10).map((i, n) => ({ itemKey: i.key as string, viewers: n % 3 }));
    // The same item in a second share counts again: its viewers there were served too.
    shared.push({ itemKey: items[0]?.key as string, viewers: 4 });
    const expected = shared.reduce((s, x) => s + (size.get(x.itemKey) ?? 0) * x.viewers, 0);
    const out = bytesNotCopied(shared, (k) => size.get(k));
    expect(out.bytes).toBe(expected);
    expect(out.views).toBe(shared.reduce((s, x) => s + x.viewers, 0));
    expect(out.viewedItems).toBe(shared.filter((x) => x.viewers > 0).length);
  });

  it('an item no longer in the index is counted apart, not as zero bytes silently', () => {
    const out = bytesNotCopied([{ itemKey: 'gone:1', viewers: 3 }], (k) => size.get(k));
    expect(out).toEqual({ bytes: 0, viewedItems: 1, views: 3, unknownSize: 1 });
  });
});
