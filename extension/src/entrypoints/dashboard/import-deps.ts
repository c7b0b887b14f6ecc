import { exifThumbnail } from '@hypomos/shared/metadata/exif-thumbnail';
import { rawPreview } from '@hypomos/shared/metadata/raw-preview';
import { type RgbaImage, toGray } from '@hypomos/shared/vision/image';
import { pHash } from '@hypomos/shared/vision/phash';
import { extractMetadata } from '@hypomos/shared/metadata/extract';
import type { HypomosDb } from '../../db';
import { systemClock } from '../../platform/clock';
import { browserSourceAuth } from '../../features/sources/auth/browser-auth';
import { blurhashOfThumbnail } from '../../features/sources/blurhash';
import { scaledJpeg } from '../../features/sources/device-thumbnail';
import { videoPoster } from '../../features/sources/poster';
import { reverseGeocodeInWorker } from '../../features/sources/geocode';
import { ThumbnailCache } from '../../features/sources/thumbnails';
import type { ImportDeps } from '../../features/import/deps';
import { hashInWorker } from '../../features/import/hash-client';
import { ImportStore } from '../../features/import/store';
import { uploaderFor } from '../../features/import/uploaders';

/** Images above this are not decoded whole for a thumbnail when they carry no preview of their own. */
const DECODE_LIMIT = 40 * 1024 * 1024;
const THUMB_EDGE = 320;

async function decodeRgba(jpeg: Uint8Array): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D context for the perceptual hash');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/**
 * The import as the dashboard runs it: the same credentials as the background's providers (extension storage),
 * hashing in a worker, and the scanner's metadata, thumbnail and blurhash code over the local bytes.
 */
export function pageImportDeps(db: HypomosDb, parallel: number): ImportDeps {
  const auth = browserSourceAuth(db);
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
      if (metadata.mediaType === 'video') {
        // The poster the grid would otherwise make on first view, from the local file instead of the cloud.
        const url = URL.createObjectURL(file);
        try {
          return await videoPoster(url, THUMB_EDGE);
        } finally {
          URL.revokeObjectURL(url);
        }
      }
      // A RAW's own embedded JPEG: browsers cannot decode the RAW itself.
      const preview = (await exifThumbnail(reader)) ?? (await rawPreview(reader, THUMB_EDGE));
      if (preview) return scaledJpeg(preview, THUMB_EDGE, metadata.orientation);
      if (metadata.mediaType !== 'image' || file.size > DECODE_LIMIT) return null;
      return scaledJpeg(new Uint8Array(await file.arrayBuffer()), THUMB_EDGE);
    },
    blurhash: blurhashOfThumbnail,
    perceptualHash: async (thumbnail) => pHash(toGray(await decodeRgba(thumbnail))),
    keepThumbnail: async (key, bytes) => void (await thumbnails.put(key, 'small', bytes)),
    parallel,
  };
}
