import type { PublicItem } from '@hypomos/shared/api/public';
import { makeZip } from 'client-zip';
import type { RelayUrlOf } from './delivery-path';
import { fetchOriginal, fileNameOf } from './files';

export interface ZipProgress {
  filesDone: number;
  filesTotal: number;
  bytes: number;
  failed: { itemId: string; reason: string }[];
}

/**
 * Assembles a ZIP of the originals in the viewer's browser: each original is fetched from the owner's delegated link
 * (or, where no direct form allows fetch(), streamed by the portal's relay when the owner allows it) into client-zip.
 * A file that fails is recorded and skipped; the rest still goes into the archive.
 */
export async function zipOriginals(
  items: PublicItem[],
  relayUrlOf: RelayUrlOf,
  onProgress: (p: ZipProgress) => void,
  onFile: (itemId: string) => void,
): Promise<{ blob: Blob; progress: ZipProgress }> {
  const progress: ZipProgress = { filesDone: 0, filesTotal: items.length, bytes: 0, failed: [] };
  const report = () => onProgress({ ...progress, failed: [...progress.failed] });
  const names = new Set<string>();
  async function* entries() {
    for (const [index, item] of items.entries()) {
      let res: Response;
      try {
        res = await fetchOriginal(item, relayUrlOf);
      } catch (err) {
        progress.failed.push({ itemId: item.id, reason: err instanceof Error ? err.message : String(err) });
        progress.filesDone++;
        report();
        continue;
      }
      const counted = res.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            progress.bytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
          flush() {
            progress.filesDone++;
            onFile(item.id);
            report();
          },
        }),
      );
      yield {
        input: counted,
        name: fileNameOf(item, index, names),
        lastModified: item.capturedAt ? new Date(item.capturedAt) : new Date(),
      };
    }
  }
  const blob = await new Response(makeZip(entries())).blob();
  return { blob, progress };
}
