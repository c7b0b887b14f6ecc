import { type Provider, ProviderError } from '@hypomos/shared/providers/provider';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../db/rows';
import { sourceStorage } from './storage';

const source = (id: string, kind: SourceRow['kind']): SourceRow => ({
  id,
  kind,
  name: id,
  config: {},
  createdAt: 0,
  visionOptIn: false,
  autoTagFolders: false,
  ignoredFolderNames: [],
});

describe('sourceStorage', () => {
  it('asks every provider that has a quota API, and keeps one failure to its own source', async () => {
    const quota = { totalBytes: 100, usedBytes: 40, inBinBytes: 0, state: 'normal' as const };
    const providers: Record<string, Partial<Provider>> = {
      od: { storage: async () => quota },
      gd: {
        storage: async () => {
          throw new ProviderError('unauthorized', 'Sign in again');
        },
      },
      bl: {},
    };
    const out = await sourceStorage(
      [source('od', 'onedrive'), source('gd', 'gdrive'), source('bl', 'azblob')],
      async (s) => providers[s.id] as Provider,
    );
    expect(out).toEqual([
      { sourceId: 'od', quota, error: null },
      { sourceId: 'gd', quota: null, error: 'Sign in again' },
      { sourceId: 'bl', quota: null, error: null },
    ]);
  });
});
