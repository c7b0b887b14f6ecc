import type { Provider } from '@hypomos/shared/providers/provider';
import type { SourceRow } from '../../db/rows';
import type { SourceStorageReply } from './messages';

/**
 * Each source's quota from its provider, asked side by side. A source whose provider has no quota API gets
 * null; one whose call fails gets null with the reason, so one signed-out source does not hide the others.
 */
export async function sourceStorage(
  sources: readonly SourceRow[],
  providerFor: (source: SourceRow) => Promise<Provider>,
): Promise<SourceStorageReply[]> {
  return Promise.all(
    sources.map(async (source) => {
      try {
        const provider = await providerFor(source);
        return { sourceId: source.id, quota: (await provider.storage?.()) ?? null, error: null };
      } catch (error) {
        return { sourceId: source.id, quota: null, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
