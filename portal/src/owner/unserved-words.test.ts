import type { UnservedItem } from '@hypomos/shared/api/shares';
import { describe, expect, it } from 'vitest';
import { unservedWords } from './unserved-words';

const u = (over: Partial<UnservedItem>): UnservedItem => ({
  itemId: 'i1',
  sourceId: 's1',
  sourceItemId: 'raw-id-123',
  mediaType: 'image',
  provider: 'gdrive',
  thumbnailUrl: null,
  capturedAt: null,
  reasons: ['view'],
  ...over,
});

describe('unservedWords', () => {
  it('says why, per provider, in words and never with the raw id', () => {
    const texts = [
      unservedWords(u({})),
      unservedWords(u({ provider: 'onedrive', mediaType: 'video' })),
      unservedWords(u({ provider: 'azblob', reasons: ['download'] })),
      unservedWords(u({ provider: 'onedrive', mediaType: 'video', reasons: ['view', 'download'] })),
    ];
    expect(texts).toEqual([
      'Google Drive needs a resource key for this file (shared before September 2021), which a browser cannot send.',
      'OneDrive does not play videos for other sites: guests can watch it only through the portal.',
      'The storage account has no CORS rule for the portal, so Download and Download all leave it out.',
      'OneDrive does not play videos for other sites: guests can watch it only through the portal. It cannot be downloaded either.',
    ]);
    for (const t of texts) expect(t).not.toContain('raw-id-123');
  });
});
