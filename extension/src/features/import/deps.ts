import type { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import type { MediaMetadata } from '@hypomos/shared/index/item';
import type { RangeReader } from '@hypomos/shared/metadata/range-reader';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import type { Clock } from '../../platform/clock';
import type { ExtractMetadata } from '../sources';
import type { ImportStore } from './store';
import type { ResumableUploader } from './upload/types';

/** Everything the import needs from outside; the page passes the browser's, tests pass Node's and fakes. */
export interface ImportDeps {
  db: HypomosDb;
  store: ImportStore;
  clock: Clock;
  /** Every LocalHashes of a file, streaming (a worker in the page). */
  hashFile: (file: File) => Promise<LocalHashes>;
  /** The scanner's metadata pipeline. */
  extractMetadata: ExtractMetadata;
  uploaderFor: (source: SourceRow) => Promise<ResumableUploader>;
  /** A small upright JPEG from the file for the blurhash and the grid; absent where nothing decodes images. */
  smallThumbnail?: (file: File, reader: RangeReader, metadata: MediaMetadata) => Promise<Uint8Array | null>;
  blurhash?: (thumbnail: Uint8Array) => Promise<string | null>;
  /** pHash of that thumbnail (shared/src/vision/phash.ts, as the vision step stores it), for near-duplicates. */
  perceptualHash?: (thumbnail: Uint8Array) => Promise<string | null>;
  keepThumbnail?: (itemKey: string, bytes: Uint8Array) => Promise<void>;
  /** Files sent at once (3 by default). */
  parallel?: number;
}

/** A file the user picked, with its path inside the picked folder. */
export interface PickedFile {
  file: File;
  relPath: string;
}
