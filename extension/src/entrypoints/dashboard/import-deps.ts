import { exifThumbnail } from '@hypomos/shared/metadata/exif-thumbnail';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import type { HypomosDb } from '../../db';
import { systemClock } from '../../platform/clock';
import { createSourceAuth } from '../../features/sources/auth/source-auth';
import {
  browserLocalStorage,
  extensionRedirectUri,
  launchWithBrowserIdentity,
} from '../../features/sources/auth/web-auth-flow';
import { blurhashOfThumbnail } from '../../features/sources/blurhash';
import { scaledJpeg } from '../../features/sources/device-thumbnail';
import { reverseGeocodeInWorker } from '../../features/sources/geocode';
import { readSourcesSettings } from '../../features/sources/settings';
import { ThumbnailCache } from '../../features/sources/thumbnails';
import type { ImportDeps } from '../../features/import/deps';
import { hashInWorker } from '../../features/import/hash-client';
import { ImportStore } from '../../features/import/store';
import { uploaderFor } from '../../features/import/uploaders';

/** Images above this are not decoded whole for a thumbnail when they carry no preview of their own. */
const DECODE_LIMIT = 40 * 1024 * 1024;

/**
 * The import as the dashboard runs it: the same credentials as the background's providers (extension storage),
 * hashing in a worker, and the scanner's metadata, thumbnail and blurhash code over the local bytes.
 */
export function pageImportDeps(db: HypomosDb, parallel: number): ImportDeps {
  const auth = createSourceAuth({
    getSource: (id) => db.sources.get(id),
    settings: readSourcesSettings,
    fetch: (input, init) => fetch(input, init),
    storage: browserLocalStorage,
    launch: launchWithBrowserIdentity,
    redirectUri: extensionRedirectUri,
  });
  const thumbnails = new ThumbnailCache(db, () => Number.POSITIVE_INFINITY);
  return {
    db,
    store: new ImportStore(db),
    clock: systemClock,
    hashFile: hashInWorker,
    extractMetadata: (reader, hints) => extractMetadata(reader, hints, { reverseGeocode: reverseGeocodeInWorker }),
    uploaderFor: (source) =>
      uploaderFor(source, {
        fetch: (input, init) => fetch(input, init),
        getAccessToken: auth.getAccessToken,
        getAzureSecrets: auth.getAzureSecrets,
      }),
    async smallThumbnail(file, reader, metadata) {
      const preview = await exifThumbnail(reader);
      if (preview) return scaledJpeg(preview, 320, metadata.orientation);
      if (metadata.mediaType !== 'image' || file.size > DECODE_LIMIT) return null;
      return scaledJpeg(new Uint8Array(await file.arrayBuffer()), 320);
    },
    blurhash: blurhashOfThumbnail,
    keepThumbnail: async (key, bytes) => void (await thumbnails.put(key, 'small', bytes)),
    parallel,
  };
}
